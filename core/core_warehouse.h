#ifndef CORE_WAREHOUSE_H
#define CORE_WAREHOUSE_H
/*
 * Warehouses: the roots of the location tree. Addressed by code in URLs.
 */
#include "core_ec.h"

#include <stdbool.h>
#include <stdint.h>

struct core_arena;

enum core_warehouse_owner {
  CORE_WAREHOUSE_OWN,
  CORE_WAREHOUSE_THIRD_PARTY,
};

/* Names of enum core_warehouse_owner on the wire, NULL-terminated. */
extern const char *const core_warehouse_owner_names[];

/* A warehouse; strings are owned by whoever filled the struct (an arena). */
struct core_warehouse {
  int64_t id;
  const char *code;
  const char *name;
  const char *address_line1;
  const char *address_line2;
  const char *city;
  const char *region;
  const char *postcode;
  const char *country_code;
  const char *phone;
  enum core_warehouse_owner owner;
  const char *owner_name;
  bool bin_managed;
  const char *timezone;
  bool active;
  const char *created_at; /* ISO 8601 UTC */
};

/* One page of a list. */
struct core_warehouse_page {
  struct core_warehouse *items; /* owned by the arena given */
  unsigned count;
  int64_t total; /* matching rows in all pages */
};

/* Sets the defaults of a new warehouse into @a w (out). */
void core_warehouse_init(struct core_warehouse *w);

/*
 * Creates @a w (in,out: id and created_at are filled, strings copied into
 * @a arena). Returns CORE_EC_OK, CORE_EC_ALREADY_EXISTS (code taken),
 * CORE_EC_INVALID_VALUE (unknown timezone) or a database error code.
 */
enum core_ec core_warehouse_create(struct core_warehouse *w,
                                   struct core_arena *arena);

/*
 * Looks up warehouse @a code (in) into @a out (strings in @a arena).
 * Returns CORE_EC_OK, CORE_EC_NOT_FOUND or a database error code.
 */
enum core_ec core_warehouse_get(const char *code, struct core_arena *arena,
                                struct core_warehouse *out);

/*
 * Lists warehouses whose code or name contains @a q (in, may be NULL) and,
 * unless @a only (in, comma-separated codes) is NULL, whose code is listed
 * there, ordered by code, @a limit from @a offset, into @a page (out, in
 * @a arena).
 */
enum core_ec core_warehouse_list(const char *q, const char *only, int64_t limit,
                                 int64_t offset, struct core_arena *arena,
                                 struct core_warehouse_page *page);

/* Registers the statements of this module (call before core_db_open). */
void core_warehouse_register(void);

#endif
