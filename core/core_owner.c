#include "core_owner.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_page.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/*
 * Each inner query yields the owner ids of a record, one row each (a NULL
 * id when it has none that can be told); owner_scope_enforce raises
 * not_found when there are rows and not all are the caller's ($2).
 */
#define SCOPE(inner)                                                           \
  "SELECT owner_scope_enforce(count(*), coalesce(bool_and(s.o = $2::bigint),"  \
  " false)) FROM (" inner ") s"

static const struct core_db_stmt scope_stmts[] = {
    [CORE_OWNER_SCOPE_OWNER] = {"owner_scope_owner",
                                SCOPE("SELECT id AS o FROM owners"
                                      " WHERE code = $1")},
    [CORE_OWNER_SCOPE_SKU] = {"owner_scope_sku",
                              SCOPE("SELECT owner_id AS o FROM sku"
                                    " WHERE code = $1")},
    [CORE_OWNER_SCOPE_STORE] = {"owner_scope_store",
                                SCOPE("SELECT owner_id AS o FROM store"
                                      " WHERE code = $1")},
    [CORE_OWNER_SCOPE_ORDER] = {"owner_scope_order",
                                SCOPE("SELECT st.owner_id AS o"
                                      " FROM sales_order x JOIN store st"
                                      " ON st.id = x.store_id"
                                      " WHERE x.id = $1::bigint")},
    [CORE_OWNER_SCOPE_SHIPMENT] = {"owner_scope_shipment",
                                   SCOPE("SELECT st.owner_id AS o"
                                         " FROM shipment x JOIN sales_order d"
                                         " ON d.id = x.order_id JOIN store st"
                                         " ON st.id = d.store_id"
                                         " WHERE x.id = $1::bigint")},
    /* A return without a store or order has no owner: NULL, refused. */
    [CORE_OWNER_SCOPE_RMA] = {"owner_scope_rma",
                              SCOPE("SELECT st.owner_id AS o FROM rma x"
                                    " LEFT JOIN sales_order d"
                                    " ON d.id = x.order_id LEFT JOIN store st"
                                    " ON st.id = coalesce(x.store_id,"
                                    " d.store_id) WHERE x.id = $1::bigint")},
    /* A shared supplier's PO (default owner) is its lines' owner's; one
     * without lines belongs to nobody a client may see. */
    [CORE_OWNER_SCOPE_PO] = {"owner_scope_po",
                             SCOPE("SELECT CASE WHEN sp.owner_id <> 1"
                                   " THEN sp.owner_id ELSE (SELECT min("
                                   "k.owner_id) FROM po_line l JOIN sku k"
                                   " ON k.id = l.sku_id WHERE l.po_id = x.id)"
                                   " END AS o FROM purchase_order x"
                                   " JOIN supplier sp ON sp.id = x.supplier_id"
                                   " WHERE x.id = $1::bigint"
                                   " UNION ALL SELECT k.owner_id FROM po_line"
                                   " l JOIN sku k ON k.id = l.sku_id"
                                   " WHERE l.po_id = $1::bigint")},
    [CORE_OWNER_SCOPE_COUNT] = {NULL, NULL},
};

static const struct core_db_stmt stmts[] = {
    {"owner_insert",
     "INSERT INTO owners (code, name, contact, billing_currency)"
     " VALUES ($1, $2, coalesce($3, ''), coalesce($4, 'CNY'))"},
    {"owner_update",
     "UPDATE owners SET name = coalesce($2, name),"
     " contact = coalesce($3, contact),"
     " billing_currency = coalesce($4, billing_currency), updated_at = now()"
     " WHERE code = $1"},
    {"owner_doc", "SELECT doc::text FROM owner_doc WHERE code = $1"},
    /* One row past the page tells whether a next page exists. */
    {"owner_list",
     "SELECT code, doc::text FROM owner_doc d"
     " WHERE ($1::text IS NULL OR strpos(lower(d.code), lower($1)) > 0"
     "   OR strpos(lower(d.name), lower($1)) > 0)"
     " AND ($2::text IS NULL OR d.code > $2)"
     " AND ($4::bigint IS NULL OR d.id = $4::bigint)"
     " ORDER BY d.code LIMIT $3::bigint + 1"},
    {NULL, NULL},
};

void
core_owner_register(void)
{
  core_db_register(stmts);
  core_db_register(scope_stmts);
}

struct doc_cls {
  const char *code;
  const struct core_owner *o; /* NULL: read only */
  bool create;
  struct core_arena *arena;
  const char **doc;
};

/* Reads owner dc->code's document; NOT_FOUND when there is none. */
static enum core_qs
read_doc(struct core_db_conn *c, struct doc_cls *dc, enum core_ec *ec)
{
  const char *params[] = {dc->code};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "owner_doc", 1, params, &r);
  if (qs == CORE_QS_ONE)
    *dc->doc = core_arena_strdup(dc->arena, PQgetvalue(r, 0, 0));
  PQclear(r);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_NOT_FOUND;
    return CORE_QS_HARD;
  }
  return qs;
}

static enum core_qs
write_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct doc_cls *dc = cls;
  if (dc->o != NULL) {
    const struct core_owner *o = dc->o;
    const char *params[] = {dc->code, o->name, o->contact, o->billing_currency};
    enum core_qs qs = core_db_query(
        c, dc->create ? "owner_insert" : "owner_update", 4, params, NULL);
    if (qs == CORE_QS_NONE) {
      *ec = dc->create ? CORE_EC_ALREADY_EXISTS : CORE_EC_NOT_FOUND;
      return CORE_QS_HARD;
    }
    if (qs < 0)
      return qs;
  }
  return read_doc(c, dc, ec);
}

enum core_ec
core_owner_create(const struct core_owner *o, struct core_arena *arena,
                  const char **doc)
{
  struct doc_cls dc = {o->code, o, true, arena, doc};
  return core_db_run_tx("owner_create", CORE_DB_READ_COMMITTED, write_tx, &dc);
}

enum core_ec
core_owner_patch(const char *code, const struct core_owner *o,
                 struct core_arena *arena, const char **doc)
{
  struct doc_cls dc = {code, o, false, arena, doc};
  return core_db_run_tx("owner_patch", CORE_DB_READ_COMMITTED, write_tx, &dc);
}

enum core_ec
core_owner_get(const char *code, struct core_arena *arena, const char **doc)
{
  struct doc_cls dc = {code, NULL, false, arena, doc};
  return core_db_run_tx("owner_get", CORE_DB_READ_COMMITTED, write_tx, &dc);
}

struct list_cls {
  const char *q, *after;
  int64_t limit, only;
  struct core_arena *arena;
  const char **items, **next;
};

static enum core_qs
list_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct list_cls *lc = cls;
  (void)ec;
  char lim[24], only[24];
  snprintf(lim, sizeof lim, "%" PRId64, lc->limit);
  snprintf(only, sizeof only, "%" PRId64, lc->only);
  const char *params[] = {lc->q, lc->after, lim, lc->only != 0 ? only : NULL};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "owner_list", 4, params, &r);
  if (qs < 0)
    return qs;
  core_page_collect(r, lc->limit, lc->arena, lc->items, lc->next);
  PQclear(r);
  return qs;
}

enum core_ec
core_owner_list(const char *q, const char *after, int64_t limit, int64_t only,
                struct core_arena *arena, const char **items, const char **next)
{
  struct list_cls lc = {q, after, limit, only, arena, items, next};
  return core_db_run_tx("owner_list", CORE_DB_READ_COMMITTED, list_tx, &lc);
}

/* A positive decimal id that fits a bigint (at most 18 digits). */
static bool
is_id(const char *key)
{
  size_t n = strspn(key, "0123456789");
  return n > 0 && n <= 18 && key[n] == '\0';
}

bool
core_owner_lead(enum core_owner_scope kind, const char *key, int64_t owner_id,
                struct core_owner_lead *lead, struct core_db_rider *out)
{
  if ((int)kind < 0 || kind >= CORE_OWNER_SCOPE_COUNT)
    return false;
  bool by_code = kind == CORE_OWNER_SCOPE_OWNER ||
                 kind == CORE_OWNER_SCOPE_SKU || kind == CORE_OWNER_SCOPE_STORE;
  if (by_code ? strlen(key) > 64 : !is_id(key))
    return false;
  snprintf(lead->owner, sizeof lead->owner, "%" PRId64, owner_id);
  lead->params[0] = key;
  lead->params[1] = lead->owner;
  *out = (struct core_db_rider){
      .stmt = scope_stmts[kind].name, .nparams = 2, .params = lead->params};
  return true;
}
