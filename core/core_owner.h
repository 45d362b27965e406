#ifndef CORE_OWNER_H
#define CORE_OWNER_H
/*
 * Stock owners (third-party warehousing, issue 23 items 1 and 2). The
 * company is the default owner (id 1, code SELF); 3PL clients are the
 * others. A product belongs to one owner, and so do its quants, moves,
 * reservations and lines; stores and suppliers name one too. The rules
 * (lines of the store's owner, one owner per bin unless mixed_owners) are
 * triggers in sql/procs/owner.sql. This module keeps the owners and the
 * owner scope of a client caller: the router's lead that makes another
 * owner's record answer 404.
 */
#include "core_db.h"
#include "core_ec.h"

#include <stdbool.h>
#include <stdint.h>

struct core_arena;

/* An owner as written; NULL members are unchanged on a patch. */
struct core_owner {
  const char *code;
  const char *name;
  const char *contact;
  const char *billing_currency;
};

/*
 * Creates owner @a o (in; code and name given). Its document (JSON text,
 * in @a arena) goes to @a doc (out). Returns CORE_EC_OK,
 * CORE_EC_ALREADY_EXISTS or a database error.
 */
enum core_ec core_owner_create(const struct core_owner *o,
                               struct core_arena *arena, const char **doc);

/*
 * Changes owner @a code's given members of @a o (in). Returns CORE_EC_OK
 * with @a doc (out) its document, CORE_EC_NOT_FOUND or a database error.
 */
enum core_ec core_owner_patch(const char *code, const struct core_owner *o,
                              struct core_arena *arena, const char **doc);

/* Owner @a code's document into @a doc (out); CORE_EC_NOT_FOUND. */
enum core_ec core_owner_get(const char *code, struct core_arena *arena,
                            const char **doc);

/*
 * A page of owners whose code or name contains @a q (NULL: all) after code
 * @a after (NULL: from the start), at most @a limit, only owner @a only
 * (0: all) into @a items (out, JSON array text) and @a next (out, NULL on
 * the last page).
 */
enum core_ec core_owner_list(const char *q, const char *after, int64_t limit,
                             int64_t only, struct core_arena *arena,
                             const char **items, const char **next);

/* The records the owner scope checks by key (web_owner_kind's order). */
enum core_owner_scope {
  CORE_OWNER_SCOPE_OWNER,    /* an owner, by code */
  CORE_OWNER_SCOPE_SKU,      /* a product, by code */
  CORE_OWNER_SCOPE_STORE,    /* a store, by code */
  CORE_OWNER_SCOPE_ORDER,    /* an order, by id: its store's owner */
  CORE_OWNER_SCOPE_SHIPMENT, /* a shipment, by id: its order's */
  CORE_OWNER_SCOPE_RMA,      /* a return, by id: its store's or order's */
  CORE_OWNER_SCOPE_PO,       /* a PO, by id: its supplier's unless shared,
                                and every line's */
  CORE_OWNER_SCOPE_COUNT,
};

/* Parameters of a lead, living as long as the request. */
struct core_owner_lead {
  const char *params[2];
  char owner[24];
};

/*
 * Makes @a out (out) the lead statement that refuses, as not_found, record
 * @a key (in, borrowed for the request) of kind @a kind unless it is owner
 * @a owner_id's; its parameters live in @a lead (out). Returns false, and
 * sets nothing, when @a key cannot name such a record (the handler then
 * answers 404 itself).
 */
bool core_owner_lead(enum core_owner_scope kind, const char *key,
                     int64_t owner_id, struct core_owner_lead *lead,
                     struct core_db_rider *out);

/* Registers the statements of this module (call before core_db_open). */
void core_owner_register(void);

#endif
