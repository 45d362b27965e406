#include "core_stock_query.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_db_result.h"
#include "core_page.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

/*
 * One row per SKU and warehouse with stock or with units on order: $1..$4
 * filter by SKU, warehouse, bin and lot code, $5 adds the bins, $6 is the
 * page cursor, $7 the page size. Two branches of one UNION ALL: the pairs
 * that have stock (quants), and the pairs with units on open POs and none
 * in stock (on_hand 0, in_transit the units on order); a bin or lot filter
 * leaves the second out. Each branch filters itself, so both read by index
 * (quants by SKU, PO lines by SKU) when a SKU is named. Columns 3 and 4
 * order the page; the page reader uses only the first two.
 */
#define STOCK_ROWS                                                             \
  "(SELECT s.code || '|' || w.code, json_build_object("                        \
  " 'sku', s.code, 'name', s.name, 'warehouse', w.code,"                       \
  " 'on_hand', coalesce(sum(q.on_hand)"                                        \
  "   FILTER (WHERE l.kind IN ('bin', 'tote')), 0),"                           \
  " 'reserved', coalesce(sum(q.reserved)"                                      \
  "   FILTER (WHERE l.kind IN ('bin', 'tote')), 0),"                           \
  " 'available', coalesce(sum(q.on_hand - q.reserved)"                         \
  "   FILTER (WHERE l.kind = 'bin'), 0),"                                      \
  " 'in_transit', coalesce(sum(q.on_hand)"                                     \
  "   FILTER (WHERE l.kind = 'in_transit'), 0) + pur_on_order(s.id, w.id),"    \
  " 'avg_cost', (SELECT c.avg_cost::text FROM sku_cost c"                      \
  "   WHERE c.warehouse_id = w.id AND c.sku_id = s.id),"                       \
  " 'bins', CASE WHEN $5 THEN coalesce(json_agg(json_build_object("            \
  "   'bin', l.code, 'lot', t.code, 'expiry', t.expiry,"                       \
  "   'on_hand', q.on_hand, 'reserved', q.reserved)"                           \
  "   ORDER BY l.pick_sequence, l.code, t.code)"                               \
  "   FILTER (WHERE l.kind IN ('bin', 'tote') AND q.on_hand > 0), '[]')"       \
  " END)::text, s.code AS sku_code, w.code AS wh_code"                         \
  " FROM stock_quant q JOIN location l ON l.id = q.location_id"                \
  " JOIN warehouse w ON w.id = l.warehouse_id JOIN sku s ON s.id = q.sku_id"   \
  " LEFT JOIN lot t ON t.id = q.lot_id"
#define STOCK_GROUP                                                            \
  " GROUP BY s.id, s.code, s.name, w.id, w.code HAVING sum(q.on_hand) > "      \
  "0" BRANCH_PAGE
/* Pairs with units on order and no stock: quants hold on_hand >= 0, so
 * "no quant with units" is exactly the complement of the HAVING above. */
#define ON_ORDER_ROWS                                                          \
  " UNION ALL (SELECT s.code || '|' || w.code, json_build_object("             \
  " 'sku', s.code, 'name', s.name, 'warehouse', w.code, 'on_hand', 0,"         \
  " 'reserved', 0, 'available', 0, 'in_transit', sum(greatest("                \
  "   pl.qty - pl.received_qty - pl.damaged_qty, 0)),"                         \
  " 'avg_cost', (SELECT c.avg_cost::text FROM sku_cost c"                      \
  "   WHERE c.warehouse_id = w.id AND c.sku_id = s.id),"                       \
  " 'bins', CASE WHEN $5 THEN '[]'::json END)::text, s.code, w.code"           \
  " FROM po_line pl JOIN purchase_order po ON po.id = pl.po_id"                \
  " JOIN warehouse w ON w.id = po.warehouse_id JOIN sku s ON s.id = pl.sku_id" \
  " WHERE po.state IN ('approved', 'sent', 'partially_received')"              \
  " AND pl.qty > pl.received_qty + pl.damaged_qty"                             \
  " AND $3::text IS NULL AND $4::text IS NULL"                                 \
  " AND NOT EXISTS (SELECT 1 FROM stock_quant q"                               \
  "   JOIN location l ON l.id = q.location_id"                                 \
  "   WHERE q.sku_id = s.id AND l.warehouse_id = w.id AND q.on_hand > 0)"
#define ON_ORDER_GROUP                                                         \
  " GROUP BY s.id, s.code, s.name, w.id, w.code" BRANCH_PAGE
/* Kits (no quants of their own): one row per kit and warehouse where a
 * component has units, available the whole kits the components make
 * (kit_stock_rows, sql/procs/kits.sql); left out by a bin or lot filter. */
#define KIT_ROWS                                                               \
  " UNION ALL (SELECT key, doc, sku_code, wh_code"                             \
  " FROM kit_stock_rows($1, $2, $6) WHERE $3::text IS NULL"                    \
  " AND ($8::text IS NULL OR EXISTS (SELECT 1 FROM sku k"                      \
  "   WHERE k.code = sku_code AND k.owner_id = (SELECT owner_id_of($8))))"     \
  " AND $4::text IS NULL AND $5 IS NOT NULL ORDER BY 3, 4"                     \
  " LIMIT $7::bigint + 1)"
/* Each branch sorts and cuts its own page, so the documents are built
 * only for the rows of a page; the union sorts at most two pages. */
#define BRANCH_PAGE " ORDER BY s.code, w.code LIMIT $7::bigint + 1)"
#define STOCK_PAGE " ORDER BY 3, 4 LIMIT $7::bigint + 1"
/* $8: one stock owner's SKUs only (owner code; NULL: every owner's). */
#define STOCK_WHERE_OWNER                                                      \
  " AND ($8::text IS NULL OR s.owner_id = (SELECT owner_id_of($8)))"
#define STOCK_WHERE_ANY                                                        \
  " ($1::text IS NULL OR s.code = $1)" STOCK_WHERE_OWNER                       \
  " AND ($2::text IS NULL OR w.code = $2)"                                     \
  " AND ($6::text IS NULL OR (s.code, w.code) >"                               \
  "   (split_part($6, '|', 1), split_part($6, '|', 2)))"
#define STOCK_WHERE_SKU                                                        \
  " s.code = $1 AND ($2::text IS NULL OR w.code = $2)" STOCK_WHERE_OWNER       \
  " AND $3::text IS NULL AND $4::text IS NULL AND $6::text IS NULL"

static const struct core_db_stmt stmts[] = {
    {"stock_list", STOCK_ROWS
     " WHERE" STOCK_WHERE_ANY " AND ($3::text IS NULL OR l.code = $3)"
     " AND ($4::text IS NULL OR t.code = $4)" STOCK_GROUP ON_ORDER_ROWS
     " AND" STOCK_WHERE_ANY ON_ORDER_GROUP KIT_ROWS STOCK_PAGE},
    /*
     * The floor's lookup of one SKU: with the SKU fixed, one plan serves
     * every call, where the optional filters above are planned each time
     * (most of a lookup, and growing with the catalogue's statistics).
     */
    {"stock_list_sku",
     STOCK_ROWS " WHERE" STOCK_WHERE_SKU STOCK_GROUP ON_ORDER_ROWS
                " AND" STOCK_WHERE_SKU ON_ORDER_GROUP KIT_ROWS STOCK_PAGE},
    {"stock_check",
     "WITH mv AS ("
     "  SELECT sku_id, lot_id, to_location_id AS loc, qty FROM stock_move"
     "  UNION ALL"
     "  SELECT sku_id, lot_id, from_location_id, -qty FROM stock_move"
     "  UNION ALL"
     "  SELECT sku_id, lot_id, location_id, qty FROM stock_opening),"
     " net AS (SELECT mv.sku_id, mv.lot_id, mv.loc, sum(mv.qty) AS qty"
     "  FROM mv JOIN location l ON l.id = mv.loc"
     "  WHERE l.kind IN ('bin', 'tote', 'in_transit') GROUP BY 1, 2, 3),"
     " diff AS ("
     "  SELECT coalesce(n.sku_id, q.sku_id) AS sku_id,"
     "   coalesce(n.loc, q.location_id) AS loc,"
     "   coalesce(n.lot_id, q.lot_id) AS lot_id, 'on_hand' AS what,"
     "   coalesce(n.qty, 0) AS expected, coalesce(q.on_hand, 0) AS actual"
     "  FROM net n FULL JOIN stock_quant q ON q.sku_id = n.sku_id"
     "   AND q.location_id = n.loc AND q.lot_id IS NOT DISTINCT FROM n.lot_id"
     "  WHERE coalesce(n.qty, 0) <> coalesce(q.on_hand, 0)"
     "  UNION ALL"
     "  SELECT q.sku_id, q.location_id, q.lot_id, 'reserved',"
     "   coalesce((SELECT sum(rl.qty) FROM reservation_line rl"
     "    JOIN reservation r ON r.id = rl.reservation_id"
     "    WHERE rl.quant_id = q.id AND r.state = 'active'), 0), q.reserved"
     "  FROM stock_quant q)"
     " SELECT coalesce(json_agg(json_build_object('sku', s.code,"
     "  'warehouse', w.code, 'location', l.code, 'lot', t.code,"
     "  'figure', d.what, 'expected', d.expected, 'actual', d.actual)"
     "  ORDER BY s.code, l.code), '[]')::text AS report, count(*) AS bad"
     " FROM diff d JOIN sku s ON s.id = d.sku_id"
     " JOIN location l ON l.id = d.loc JOIN warehouse w ON w.id = "
     "l.warehouse_id"
     " LEFT JOIN lot t ON t.id = d.lot_id WHERE d.expected <> d.actual"},
    {"stock_low", "SELECT coalesce(json_agg(d ORDER BY n), '[]')::text"
                  " FROM stock_low_docs($1) WITH ORDINALITY AS x(d, n)"},
    {NULL, NULL},
};

void
core_stock_query_register(void)
{
  core_db_register(stmts);
}

struct list_cls {
  const struct core_stock_filter *f;
  struct core_arena *arena;
  const char **items, **next;
};

static enum core_qs
list_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct list_cls *lc = cls;
  const struct core_stock_filter *f = lc->f;
  char lim[24];
  snprintf(lim, sizeof lim, "%" PRId64, f->limit);
  const char *params[] = {
      f->sku,   f->warehouse, f->bin,  f->lot, f->bins ? "t" : "f",
      f->after, lim,          f->owner};
  PGresult *r = NULL;
  bool one_sku =
      f->sku != NULL && f->bin == NULL && f->lot == NULL && f->after == NULL;
  enum core_qs qs = core_db_query(c, one_sku ? "stock_list_sku" : "stock_list",
                                  8, params, &r);
  if (qs < 0)
    return qs;
  core_page_collect(r, f->limit, lc->arena, lc->items, lc->next);
  PQclear(r);
  return qs;
}

enum core_ec
core_stock_query_list(const struct core_stock_filter *f,
                      struct core_arena *arena, const char **items,
                      const char **next)
{
  struct list_cls lc = {f, arena, items, next};
  /* One statement: consistent by itself, and safe to send again. */
  return core_db_run_one("stock_list", list_tx, &lc);
}

struct check_cls {
  struct core_arena *arena;
  const char **report;
  int64_t *bad;
};

static enum core_qs
check_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct check_cls *cc = cls;
  struct core_db_rspec rs[] = {
      CORE_DB_RS_TEXT("report", cc->report),
      CORE_DB_RS_INT64("bad", cc->bad),
      CORE_DB_RS_END,
  };
  return core_db_result_one(c, "stock_check", 0, NULL, rs, cc->arena);
}

enum core_ec
core_stock_query_check(struct core_arena *arena, const char **report,
                       int64_t *bad)
{
  struct check_cls cc = {arena, report, bad};
  /* One snapshot for the whole check: moves and quants agree in it. */
  return core_db_run_tx("stock_check", CORE_DB_REPEATABLE_READ, check_tx, &cc);
}

struct low_cls {
  const char *warehouse;
  struct core_arena *arena;
  const char **items;
};

static enum core_qs
low_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct low_cls *lc = cls;
  const char *params[] = {lc->warehouse};
  struct core_db_rspec rs[] = {CORE_DB_RS_TEXT("coalesce", lc->items),
                               CORE_DB_RS_END};
  return core_db_result_one(c, "stock_low", 1, params, rs, lc->arena);
}

enum core_ec
core_stock_query_low(const char *warehouse, struct core_arena *arena,
                     const char **items)
{
  struct low_cls lc = {warehouse, arena, items};
  return core_db_run_tx("low_stock", CORE_DB_READ_COMMITTED, low_tx, &lc);
}
