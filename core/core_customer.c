#include "core_customer.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_page.h"
#include "core_pii.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/*
 * Whether order o is one the caller sees: warehouse codes in parameter
 * WH (comma-separated), NULL for all; an order belongs to its warehouse,
 * or its store's until it has one.
 */
#define ORDER_SEEN(wh)                                                         \
  " (" wh "::text IS NULL OR EXISTS (SELECT 1 FROM store st JOIN warehouse"    \
  " w ON w.id = coalesce(o.warehouse_id, st.warehouse_id)"                     \
  " WHERE st.id = o.store_id AND w.code = ANY (string_to_array(" wh            \
  ", ','))))"

#define CUSTOMER_DOC(wh)                                                       \
  "json_build_object('id', c.id, 'name', c.name, 'email', c.email, 'phone',"   \
  " c.phone, '$pii', pii_b64(c.pii), 'orders', (SELECT count(*) FROM"          \
  " sales_order o"                                                             \
  " WHERE o.customer_id = c.id AND" ORDER_SEEN(wh) "))"

static const struct core_db_stmt stmts[] = {
    {"customer_get",
     "SELECT json_build_object('customer', " CUSTOMER_DOC(
         "$2") ", 'orders',"
               " (SELECT coalesce(json_agg(json_build_object('id', o.id,"
               " 'store', s.code, 'external_id', o.external_id, 'state',"
               " o.state, 'total', o.total::text, 'currency', o.currency,"
               " 'created_at', to_char(o.created_at AT TIME ZONE 'UTC',"
               " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')) ORDER BY o.id DESC), '[]')"
               " FROM sales_order o JOIN store s ON s.id = o.store_id"
               " WHERE o.customer_id = c.id AND" ORDER_SEEN(
                   "$2") "))::text FROM customer c WHERE c.id = $1"},
    /* A warehouse-limited caller sees the customers of its orders. */
    {"customer_list",
     "SELECT lpad(c.id::text, 19, '0'), " CUSTOMER_DOC(
         "$4") "::text FROM customer c"
               " WHERE ($1::text IS NULL OR strpos(lower(c.name), lower($1)) > "
               "0"
               " OR c.email_bidx = pii_bytes($5, 'hex')"
               " OR c.phone_bidx = pii_bytes($6, 'hex'))"
               " AND ($2::text IS NULL OR lpad(c.id::text, 19, '0') > $2)"
               " AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM sales_order o"
               " WHERE o.customer_id = c.id AND" ORDER_SEEN(
                   "$4") "))"
                         " ORDER BY c.id LIMIT $3::bigint + 1"},
    /* Exact search (a phone or an email) through the blind indexes only:
       two index probes, whatever the number of customers. */
    {"customer_find",
     "SELECT lpad(c.id::text, 19, '0'), " CUSTOMER_DOC(
         "$4") "::text FROM customer c"
               " WHERE (c.email_bidx = pii_bytes($5, 'hex')"
               " OR c.phone_bidx = pii_bytes($6, 'hex')) AND $1::text <> ''"
               " AND ($2::text IS NULL OR lpad(c.id::text, 19, '0') > $2)"
               " AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM sales_order o"
               " WHERE o.customer_id = c.id AND" ORDER_SEEN(
                   "$4") "))"
                         " ORDER BY c.id LIMIT $3::bigint + 1"},
    {NULL, NULL},
};

/*
 * Whether @a q (in) asks for one customer exactly: an email (has '@') or
 * a phone (only digits and + - ( ) . spaces, five digits or more). Such
 * text is never part of a name, so the name search is skipped.
 */
static bool
exact_query(const char *q)
{
  if (strchr(q, '@') != NULL)
    return true;
  int digits = 0;
  for (const char *p = q; *p != '\0'; p++) {
    if (*p >= '0' && *p <= '9')
      digits++;
    else if (strchr("+-(). ", *p) == NULL)
      return false;
  }
  return digits >= 5;
}

void
core_customer_register(void)
{
  core_db_register(stmts);
}

struct cls {
  int64_t id;
  const char *q, *after;
  const char *warehouses; /* comma-separated codes the caller sees; NULL: all */
  int64_t limit;
  struct core_arena *arena;
  const char **out, **next;
};

static enum core_qs
get_tx(struct core_db_conn *c, void *v, enum core_ec *ec)
{
  struct cls *x = v;
  char id[24];
  snprintf(id, sizeof id, "%" PRId64, x->id);
  const char *p[] = {id, x->warehouses};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "customer_get", 2, p, &r);
  if (qs == CORE_QS_ONE)
    *x->out = core_arena_strdup(x->arena, PQgetvalue(r, 0, 0));
  PQclear(r);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_NOT_FOUND;
    return CORE_QS_HARD;
  }
  return qs;
}

enum core_ec
core_customer_get(int64_t id, const char *warehouses, struct core_arena *arena,
                  const char **doc)
{
  struct cls x = {
      .id = id, .warehouses = warehouses, .arena = arena, .out = doc};
  return core_db_run_tx("customer_get", CORE_DB_READ_COMMITTED, get_tx, &x);
}

static enum core_qs
list_tx(struct core_db_conn *c, void *v, enum core_ec *ec)
{
  struct cls *x = v;
  char lim[24];
  snprintf(lim, sizeof lim, "%" PRId64, x->limit);
  /* Exact phone or email through the blind indexes; names by substring. */
  char eb[2 * CORE_PII_BIDX_LEN + 1], pb[2 * CORE_PII_BIDX_LEN + 1];
  bool has_e = x->q != NULL && core_pii_bidx_email(x->q, eb);
  bool has_p = x->q != NULL && core_pii_bidx_phone(x->q, pb);
  const char *p[] = {x->q,          x->after,          lim,
                     x->warehouses, has_e ? eb : NULL, has_p ? pb : NULL};
  PGresult *r = NULL;
  bool exact = x->q != NULL && exact_query(x->q);
  enum core_qs qs =
      core_db_query(c, exact ? "customer_find" : "customer_list", 6, p, &r);
  if (qs >= 0)
    core_page_collect(r, x->limit, x->arena, x->out, x->next);
  PQclear(r);
  return qs;
}

enum core_ec
core_customer_list(const char *q, const char *after, int64_t limit,
                   const char *warehouses, struct core_arena *arena,
                   const char **items, const char **next)
{
  struct cls x = {.q = q,
                  .warehouses = warehouses,
                  .after = after,
                  .limit = limit,
                  .arena = arena,
                  .out = items,
                  .next = next};
  return core_db_run_tx("customer_list", CORE_DB_READ_COMMITTED, list_tx, &x);
}
