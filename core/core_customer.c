#include "core_customer.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_page.h"
#include "core_pii.h"
#include "core_proc.h"

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
  " c.phone, '$pii', pii_b64(c.pii), 'tags', c.tags, 'merged_into',"           \
  " c.merged_into, 'do_not_contact', c.do_not_contact, 'segment',"             \
  " (SELECT r.segment FROM customer_rfm r WHERE r.customer_id = c.id"          \
  " AND crm_order_seen(r.store_id, NULL, " wh ") ORDER BY r.spend DESC,"       \
  " r.store_id LIMIT 1), 'orders', (SELECT count(*) FROM sales_order o"        \
  " WHERE o.customer_id = c.id AND" ORDER_SEEN(wh) "))"

/*
 * The list's filters beyond q: tag $7 (one of the customer's tags),
 * segment $8 (in a store the caller sees) and store $9 (a store code the
 * customer ordered from).
 */
#define CUSTOMER_FILTERS                                                       \
  " AND ($7::text IS NULL OR c.tags @> ARRAY[$7::text])"                       \
  " AND ($8::text IS NULL OR EXISTS (SELECT 1 FROM customer_rfm r"             \
  " JOIN store rs ON rs.id = r.store_id WHERE r.customer_id = c.id"            \
  " AND r.segment = $8 AND ($9::text IS NULL OR rs.code = $9)"                 \
  " AND crm_order_seen(r.store_id, NULL, $4)))"                                \
  " AND ($9::text IS NULL OR EXISTS (SELECT 1 FROM sales_order so JOIN store"  \
  " ss ON ss.id = so.store_id WHERE so.customer_id = c.id AND ss.code = $9))"

static const struct core_db_stmt stmts[] = {
    /* The whole story (sql/procs/crm_people.sql). */
    {"customer_get", CORE_PROC_SELECT "crm_customer_get($1, $2)"},
    /* A warehouse-limited caller sees the customers of its orders. */
    {"customer_list",
     "SELECT lpad(c.id::text, 19, '0'), " CUSTOMER_DOC(
         "$4") "::text FROM customer c"
               " WHERE c.merged_into IS NULL AND ($1::text IS NULL"
               " OR strpos(lower(c.name), lower($1)) > "
               "0"
               " OR c.email_bidx = pii_bytes($5, 'hex')"
               " OR c.phone_bidx = pii_bytes($6, 'hex'))"
               " AND ($2::text IS NULL OR lpad(c.id::text, 19, '0') > $2)"
               " AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM sales_order o"
               " WHERE o.customer_id = c.id AND" ORDER_SEEN(
                   "$4") "))" CUSTOMER_FILTERS
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
                   "$4") "))" CUSTOMER_FILTERS
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
  const struct core_customer_filter *f;
  const char *after;
  const char *warehouses; /* comma-separated codes the caller sees; NULL: all */
  int64_t limit;
  struct core_arena *arena;
  const char **out, **next;
};

enum core_ec
core_customer_get(int64_t id, const char *warehouses, struct core_arena *arena,
                  const char **doc)
{
  const char *p[] = {core_proc_num(arena, id, false), warehouses};
  struct core_outcome out;
  enum core_ec ec =
      core_proc_run("customer_get", "customer_get", 2, p, arena, &out);
  if (ec == CORE_EC_OK)
    *doc = out.doc;
  return ec;
}

static enum core_qs
list_tx(struct core_db_conn *c, void *v, enum core_ec *ec)
{
  struct cls *x = v;
  const char *q = x->f->q;
  char lim[24];
  snprintf(lim, sizeof lim, "%" PRId64, x->limit);
  /* Exact phone or email through the blind indexes; names by substring. */
  char eb[2 * CORE_PII_BIDX_LEN + 1], pb[2 * CORE_PII_BIDX_LEN + 1];
  bool has_e = q != NULL && core_pii_bidx_email(q, eb);
  bool has_p = q != NULL && core_pii_bidx_phone(q, pb);
  const char *p[] = {q,
                     x->after,
                     lim,
                     x->warehouses,
                     has_e ? eb : NULL,
                     has_p ? pb : NULL,
                     x->f->tag,
                     x->f->segment,
                     x->f->store};
  PGresult *r = NULL;
  bool exact = q != NULL && exact_query(q);
  enum core_qs qs =
      core_db_query(c, exact ? "customer_find" : "customer_list", 9, p, &r);
  if (qs >= 0)
    core_page_collect(r, x->limit, x->arena, x->out, x->next);
  PQclear(r);
  return qs;
}

enum core_ec
core_customer_list(const struct core_customer_filter *f, const char *after,
                   int64_t limit, const char *warehouses,
                   struct core_arena *arena, const char **items,
                   const char **next)
{
  struct cls x = {.f = f,
                  .warehouses = warehouses,
                  .after = after,
                  .limit = limit,
                  .arena = arena,
                  .out = items,
                  .next = next};
  return core_db_run_tx("customer_list", CORE_DB_READ_COMMITTED, list_tx, &x);
}
