/*
 * Reports (issue 21) against a randomized business: the demo plus months
 * of random receipts, shipments, returns, adjustments, scrap and transfers
 * across its warehouses (sql/demo/demo_ledger_history.sql, seeded from
 * REPORTS_SEED or the clock, printed), and live adjustments and a transfer
 * through the API. Each report is compared with a straightforward SQL
 * computation over the ledger's moves (not the rollups the reports read);
 * stock-movement closings equal the quants and GET /api/v1/stock; an XLSX
 * export read by openpyxl holds the cells of the CSV export; filters,
 * permissions and warehouse scope refuse what they must.
 */
#include "api_harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>

#include "api_steps.h"

static struct api_server srv;
static PGconn *pg;

/* The moves as each warehouse's stock sees them, from stock_move alone:
 * one row per warehouse a move enters or leaves (bins and totes are stock,
 * every other location is not). */
#define EFFECTS                                                                \
  "WITH m AS (SELECT m.sku_id, m.qty, coalesce(m.unit_cost, 0) AS c,"          \
  "   m.created_at::date AS d, a.kind AS ak, a.warehouse_id AS aw,"            \
  "   b.kind AS bk, b.warehouse_id AS bw"                                      \
  "  FROM stock_move m JOIN location a ON a.id = m.from_location_id"           \
  "  JOIN location b ON b.id = m.to_location_id),"                             \
  " e AS ("                                                                    \
  "  SELECT aw AS wh, sku_id, d, -qty AS q, -qty * c AS v,"                    \
  "   CASE WHEN bk = 'customer' THEN 'shipped'"                                \
  "    WHEN bk = 'supplier' THEN 'supplier_returned'"                          \
  "    WHEN bk = 'adjustment' THEN 'adjusted'"                                 \
  "    WHEN bk = 'scrap' THEN 'scrapped' ELSE 'transfer_out' END AS k"         \
  "   FROM m WHERE ak IN ('bin', 'tote')"                                      \
  "    AND NOT (bk IN ('bin', 'tote') AND bw = aw)"                            \
  "  UNION ALL"                                                                \
  "  SELECT bw, sku_id, d, qty, qty * c,"                                      \
  "   CASE WHEN ak = 'supplier' THEN 'received'"                               \
  "    WHEN ak = 'customer' THEN 'returned'"                                   \
  "    WHEN ak IN ('adjustment', 'scrap') THEN 'adjusted'"                     \
  "    ELSE 'transfer_in' END"                                                 \
  "   FROM m WHERE bk IN ('bin', 'tote')"                                      \
  "    AND NOT (ak IN ('bin', 'tote') AND bw = aw))"

/* Prints the rows of @a sql ($1 = @a doc) to stderr: what differed. */
static void
sql_print(const char *sql, const char *doc)
{
  const char *p[] = {doc};
  PGresult *r = PQexecParams(pg, sql, 1, NULL, p, NULL, NULL, 0);
  for (int i = 0; i < PQntuples(r) && i < 12; i++) {
    for (int c = 0; c < PQnfields(r); c++)
      fprintf(stderr, "%s%s=%s", c > 0 ? " " : "", PQfname(r, c),
              PQgetvalue(r, i, c));
    fprintf(stderr, "\n");
  }
  PQclear(r);
}

/* The one integer @a sql answers with $1 bound to @a doc (JSON text). */
static int64_t
sql_int_doc(const char *sql, const char *doc)
{
  const char *p[] = {doc};
  PGresult *r =
      PQexecParams(pg, sql, doc != NULL ? 1 : 0, NULL, p, NULL, NULL, 0);
  if (PQresultStatus(r) != PGRES_TUPLES_OK)
    fprintf(stderr, "sql: %s\n", PQerrorMessage(pg));
  assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
  int64_t v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
  PQclear(r);
  return v;
}

static int
setup(void **state)
{
  (void)state;
  if (!api_server_start(&srv, "api_reports", false, NULL) ||
      !api_seed_demo(&srv))
    return -1;
  pg = PQconnectdb(srv.database_url);
  if (PQstatus(pg) != CONNECTION_OK)
    return -1;
  const char *env = getenv("REPORTS_SEED");
  unsigned seed = env != NULL ? (unsigned)atoi(env) : (unsigned)time(NULL);
  printf("reports: REPORTS_SEED=%u\n", seed);
  char sql[160];
  snprintf(sql, sizeof sql,
           "SELECT setseed(%u / 4294967296.0), demo_ledger_history(150, 500)",
           seed);
  PGresult *r = PQexec(pg, sql);
  bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
  PQclear(r);
  return ok ? 0 : -1;
}

static int
teardown(void **state)
{
  (void)state;
  PQfinish(pg);
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

/* Today's live moves through the real procedures: adjustments both ways
 * and a transfer shipped and received (its arrival carries the cost it
 * left with). */
static void
live_moves(void)
{
  api_step_ok(&srv, "POST", "/api/v1/stock/adjustments",
              "{\"warehouse\":\"LL1\",\"sku\":\"LL-CUP-01\",\"qty_delta\":7}",
              201);
  api_step_ok(&srv, "POST", "/api/v1/stock/adjustments",
              "{\"warehouse\":\"LL1\",\"sku\":\"LL-CUP-03\",\"qty_delta\":-2}",
              201);
  json_t *t = api_step(&srv, "POST", "/api/v1/stock/transfers",
                       "{\"sku\":\"LL-BOWL-02-G\",\"from_warehouse\":\"ZZ1\","
                       "\"from_bin\":\"R05-4\",\"to_warehouse\":\"LL1\","
                       "\"qty\":4,\"idempotency_key\":\"rpt-tr-1\"}",
                       201);
  char path[96];
  snprintf(path, sizeof path, "/api/v1/stock/transfers/%lld/receive",
           (long long)json_integer_value(json_object_get(t, "id")));
  json_decref(t);
  api_step_ok(&srv, "POST", path, NULL, 200);
}

/* The JSON of GET @a path (200, not truncated); caller frees. */
static char *
report(const char *path)
{
  json_t *j = api_step(&srv, "GET", path, NULL, 200);
  assert_true(json_is_false(json_object_get(j, "truncated")));
  assert_true(json_array_size(json_object_get(j, "rows")) > 0);
  char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15));
  json_decref(j);
  return s;
}

/* A date computed by SQL (@a expr), as YYYY-MM-DD into @a out. */
static void
sql_date(const char *expr, char *out, size_t len)
{
  char sql[200];
  snprintf(sql, sizeof sql, "SELECT to_char((%s)::date, 'YYYY-MM-DD')", expr);
  PGresult *r = PQexec(pg, sql);
  assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
  snprintf(out, len, "%s", PQgetvalue(r, 0, 0));
  PQclear(r);
}

/* @a doc (report JSON) with members lo and hi added; caller frees. */
static char *
with_range(const char *doc, const char *lo, const char *hi)
{
  json_t *j = json_loads(doc, 0, NULL);
  assert_non_null(j);
  json_object_set_new(j, "lo", json_string(lo));
  json_object_set_new(j, "hi", json_string(hi));
  char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15));
  json_decref(j);
  return s;
}

#define API_MOVEMENT                                                           \
  " api AS (SELECT * FROM json_to_recordset($1::json->'rows') AS x ("          \
  "  period date, warehouse text, sku text, opening bigint, received bigint,"  \
  "  returned bigint, shipped bigint, adjusted bigint, transfer_in bigint,"    \
  "  transfer_out bigint, scrapped bigint, supplier_returned bigint,"          \
  "  closing bigint, opening_value numeric, received_value numeric,"           \
  "  shipped_value numeric, closing_value numeric))"

/* The monthly 进销存 of [lo, hi] computed from the effects, one row per
 * pair and month with a flow, or for a pair with stock and no flow at all,
 * its first month. */
#define MINE_MOVEMENT                                                          \
  EFFECTS                                                                      \
  ","                                                                          \
  " p AS (SELECT ($1::json->>'lo')::date AS lo, ($1::json->>'hi')::date "      \
  "AS hi),"                                                                    \
  " mo AS (SELECT g::date AS mo, greatest(g::date, lo) AS a,"                  \
  "   least((g + interval '1 month')::date - 1, hi) AS b"                      \
  "  FROM p, generate_series(date_trunc('month', lo), hi, interval '1 "        \
  "month') g),"                                                                \
  " pr AS (SELECT DISTINCT wh, sku_id FROM e),"                                \
  " f AS (SELECT mo.mo, pr.wh, pr.sku_id,"                                     \
  "  coalesce(sum(e.q) FILTER (WHERE e.d < mo.a), 0) AS opening,"              \
  "  coalesce(sum(e.q) FILTER (WHERE e.d BETWEEN mo.a AND mo.b"                \
  "   AND e.k = 'received'), 0) AS received,"                                  \
  "  coalesce(sum(e.q) FILTER (WHERE e.d BETWEEN mo.a AND mo.b"                \
  "   AND e.k = 'returned'), 0) AS returned,"                                  \
  "  coalesce(-sum(e.q) FILTER (WHERE e.d BETWEEN mo.a AND mo.b"               \
  "   AND e.k = 'shipped'), 0) AS shipped,"                                    \
  "  coalesce(sum(e.q) FILTER (WHERE e.d BETWEEN mo.a AND mo.b"                \
  "   AND e.k = 'adjusted'), 0) AS adjusted,"                                  \
  "  coalesce(sum(e.q) FILTER (WHERE e.d BETWEEN mo.a AND mo.b"                \
  "   AND e.k = 'transfer_in'), 0) AS transfer_in,"                            \
  "  coalesce(-sum(e.q) FILTER (WHERE e.d BETWEEN mo.a AND mo.b"               \
  "   AND e.k = 'transfer_out'), 0) AS transfer_out,"                          \
  "  coalesce(-sum(e.q) FILTER (WHERE e.d BETWEEN mo.a AND mo.b"               \
  "   AND e.k = 'scrapped'), 0) AS scrapped,"                                  \
  "  coalesce(-sum(e.q) FILTER (WHERE e.d BETWEEN mo.a AND mo.b"               \
  "   AND e.k = 'supplier_returned'), 0) AS supplier_returned,"                \
  "  coalesce(sum(e.q) FILTER (WHERE e.d <= mo.b), 0) AS closing,"             \
  "  round(coalesce(sum(e.v) FILTER (WHERE e.d < mo.a), 0), 2) AS "            \
  "opening_value,"                                                             \
  "  round(coalesce(sum(e.v) FILTER (WHERE e.d BETWEEN mo.a AND mo.b"          \
  "   AND e.k = 'received'), 0), 2) AS received_value,"                        \
  "  round(coalesce(-sum(e.v) FILTER (WHERE e.d BETWEEN mo.a AND mo.b"         \
  "   AND e.k = 'shipped'), 0), 2) AS shipped_value,"                          \
  "  round(coalesce(sum(e.v) FILTER (WHERE e.d <= mo.b), 0), 2) AS "           \
  "closing_value,"                                                             \
  "  count(*) FILTER (WHERE e.d BETWEEN mo.a AND mo.b) AS n"                   \
  "  FROM pr CROSS JOIN mo JOIN e ON e.wh = pr.wh AND e.sku_id = "             \
  "pr.sku_id"                                                                  \
  "  GROUP BY 1, 2, 3),"                                                       \
  " moved AS (SELECT wh, sku_id, sum(n) > 0 AS any FROM f GROUP BY 1, 2),"     \
  " mine AS (SELECT f.mo AS period, w.code AS warehouse, s.code AS sku,"       \
  "  opening::bigint, received::bigint, returned::bigint, "                    \
  "shipped::bigint,"                                                           \
  "  adjusted::bigint, transfer_in::bigint, transfer_out::bigint,"             \
  "  scrapped::bigint, supplier_returned::bigint, closing::bigint,"            \
  "  opening_value, received_value, shipped_value, closing_value"              \
  "  FROM f JOIN moved USING (wh, sku_id)"                                     \
  "  JOIN warehouse w ON w.id = f.wh JOIN sku s ON s.id = f.sku_id"            \
  "  WHERE f.n > 0 OR (NOT moved.any AND f.mo = (SELECT min(mo) FROM mo)"      \
  "   AND (f.opening <> 0 OR f.opening_value <> 0)))"

static void
stock_movement_agrees_with_the_ledger_to_the_unit_and_cent(void **state)
{
  (void)state;
  live_moves();
  char lo[16], hi[16], path[160];
  sql_date("date_trunc('month', current_date) - interval '3 months'", lo,
           sizeof lo);
  sql_date("current_date", hi, sizeof hi);
  snprintf(path, sizeof path,
           "/api/v1/reports/stock-movement?from=%s&to=%s&group=month"
           "&limit=10000",
           lo, hi);
  char *doc = report(path);
  char *d = with_range(doc, lo, hi);
  int64_t api_only = sql_int_doc(
      MINE_MOVEMENT "," API_MOVEMENT
                    " SELECT count(*) FROM (SELECT * FROM api EXCEPT"
                    " SELECT * FROM mine) x",
      d);
  int64_t mine_only = sql_int_doc(
      MINE_MOVEMENT "," API_MOVEMENT
                    " SELECT count(*) FROM (SELECT * FROM mine EXCEPT"
                    " SELECT * FROM api) x",
      d);
  if (api_only != 0 || mine_only != 0)
    sql_print(MINE_MOVEMENT "," API_MOVEMENT
                            " (SELECT 'api' AS src, * FROM (SELECT * FROM api"
                            " EXCEPT SELECT * FROM mine) a UNION ALL"
                            " SELECT 'sql', * FROM (SELECT * FROM mine EXCEPT"
                            " SELECT * FROM api) b) ORDER BY 4, 3, 2, 1",
              d);
  assert_int_equal(api_only, 0);
  assert_int_equal(mine_only, 0);
  /* Every kind of flow happened, so each column was compared in earnest. */
  assert_int_equal(
      sql_int_doc("WITH" API_MOVEMENT " SELECT (sum(received) > 0)::int"
                  " + (sum(returned) > 0)::int + (sum(shipped) > 0)::int"
                  " + (sum(adjusted) <> 0)::int + (sum(transfer_in) > 0)::int"
                  " + (sum(transfer_out) > 0)::int + (sum(scrapped) > 0)::int"
                  " + (sum(supplier_returned) > 0)::int FROM api",
                  d),
      8);
  free(d);
  free(doc);
}

static void
closings_open_the_next_period_and_end_at_the_quants(void **state)
{
  (void)state;
  char *doc = report("/api/v1/reports/stock-movement?group=day&limit=10000");
  assert_int_equal(sql_int_doc("WITH" API_MOVEMENT
                               " SELECT count(*) FROM (SELECT opening,"
                               " lag(closing) OVER (PARTITION BY warehouse, sku"
                               "  ORDER BY period) AS prev FROM api) x"
                               " WHERE prev IS NOT NULL AND prev <> opening",
                               doc),
                   0);
  assert_int_equal(
      sql_int_doc(
          "WITH" API_MOVEMENT ","
          " last AS (SELECT DISTINCT ON (warehouse, sku) warehouse, sku,"
          "  closing FROM api ORDER BY warehouse, sku, period DESC),"
          " qt AS (SELECT w.code AS warehouse, s.code AS sku,"
          "  sum(q.on_hand) AS oh FROM stock_quant q"
          "  JOIN location l ON l.id = q.location_id"
          "  JOIN warehouse w ON w.id = l.warehouse_id"
          "  JOIN sku s ON s.id = q.sku_id"
          "  WHERE l.kind IN ('bin', 'tote') GROUP BY 1, 2"
          "  HAVING sum(q.on_hand) <> 0)"
          " SELECT count(*) FROM last FULL JOIN qt USING (warehouse, sku)"
          " WHERE coalesce(last.closing, 0) <> coalesce(qt.oh, 0)",
          doc),
      0);
  free(doc);
  /* And the API's own figure for the pair the live transfer filled. */
  json_t *st = api_step(
      &srv, "GET", "/api/v1/stock?sku=LL-BOWL-02-G&warehouse=LL1", NULL, 200);
  json_t *it = json_array_get(json_object_get(st, "items"), 0);
  json_int_t on_hand = json_integer_value(json_object_get(it, "on_hand"));
  json_decref(st);
  json_t *j = api_step(&srv, "GET",
                       "/api/v1/reports/stock-movement?sku=LL-BOWL-02-G"
                       "&warehouse=LL1&group=month",
                       NULL, 200);
  json_t *rows = json_object_get(j, "rows");
  json_t *last = json_array_get(rows, json_array_size(rows) - 1);
  assert_non_null(last);
  assert_int_equal(json_integer_value(json_object_get(last, "closing")),
                   on_hand);
  assert_int_equal(
      json_integer_value(json_object_get(last, "transfer_in")) >= 4, 1);
  json_decref(j);
}

static void
valuation_at_a_past_date_uses_the_costs_that_applied_then(void **state)
{
  (void)state;
  char at[16], path[128];
  sql_date("current_date - 45", at, sizeof at);
  snprintf(path, sizeof path, "/api/v1/reports/inventory?at=%s&limit=10000",
           at);
  char *doc = report(path);
  char *d = with_range(doc, at, at);
  const char *cmp = EFFECTS
      ","
      " mine AS (SELECT w.code AS warehouse, s.code AS sku,"
      "  sum(e.q)::bigint AS on_hand, round(sum(e.v), 2) AS value"
      "  FROM e JOIN warehouse w ON w.id = e.wh JOIN sku s ON s.id = e.sku_id"
      "  WHERE e.d <= ($1::json->>'hi')::date GROUP BY 1, 2"
      "  HAVING sum(e.q) <> 0 OR sum(e.v) <> 0),"
      " api AS (SELECT * FROM json_to_recordset($1::json->'rows') AS x ("
      "  warehouse text, sku text, on_hand bigint, value numeric))"
      " SELECT (SELECT count(*) FROM (SELECT * FROM api EXCEPT"
      "  SELECT * FROM mine) a) + (SELECT count(*) FROM (SELECT * FROM mine"
      "  EXCEPT SELECT * FROM api) b)";
  assert_int_equal(sql_int_doc(cmp, d), 0);
  free(d);
  free(doc);
  /* By category: the same units and value, summed. */
  snprintf(path, sizeof path,
           "/api/v1/reports/inventory?at=%s&by=category&warehouse=ZZ1", at);
  doc = report(path);
  d = with_range(doc, at, at);
  assert_int_equal(
      sql_int_doc(EFFECTS
                  ","
                  " mine AS (SELECT s.category, sum(e.q)::bigint AS on_hand,"
                  "  round(sum(e.v), 2) AS value FROM e"
                  "  JOIN warehouse w ON w.id = e.wh AND w.code = 'ZZ1'"
                  "  JOIN sku s ON s.id = e.sku_id"
                  "  WHERE e.d <= ($1::json->>'hi')::date GROUP BY 1"
                  "  HAVING sum(e.q) <> 0 OR sum(e.v) <> 0),"
                  " api AS (SELECT * FROM json_to_recordset($1::json->'rows')"
                  "  AS x (category text, on_hand bigint, value numeric))"
                  " SELECT (SELECT count(*) FROM (SELECT * FROM api EXCEPT"
                  "  SELECT * FROM mine) a) + (SELECT count(*) FROM"
                  "  (SELECT * FROM mine EXCEPT SELECT * FROM api) b)",
                  d),
      0);
  free(d);
  free(doc);
}

/* Whether the by-bin report @a path answers, for the end of day @a at,
 * each bin's units from the whole ledger up to that day (not the quants
 * the report walks back), valued at the warehouse's cost of the SKU then,
 * from the same ledger; its document with the range goes to @a d_out. */
static void
by_bin_agrees_with_the_ledger(const char *path, const char *at, char **d_out)
{
  char *doc = report(path);
  char *d = with_range(doc, at, at);
  free(doc);
  const char *cmp =
      EFFECTS ","
              " mv AS (SELECT to_location_id AS loc, sku_id, qty AS q,"
              "  created_at FROM stock_move UNION ALL SELECT"
              "  from_location_id, sku_id, -qty, created_at FROM stock_move),"
              " bins AS (SELECT l.warehouse_id AS wh, mv.sku_id, w.code AS"
              "  warehouse, l.code AS bin, s.code AS sku, sum(mv.q) AS n"
              "  FROM mv JOIN location l ON l.id = mv.loc AND l.kind IN"
              "  ('bin', 'tote') JOIN warehouse w ON w.id = l.warehouse_id"
              "  JOIN sku s ON s.id = mv.sku_id"
              "  WHERE mv.created_at::date <= ($1::json->>'hi')::date"
              "  GROUP BY 1, 2, 3, 4, 5 HAVING sum(mv.q) <> 0),"
              " cost AS (SELECT wh, sku_id, sum(v) / sum(q) AS c FROM e"
              "  WHERE d <= ($1::json->>'hi')::date GROUP BY 1, 2"
              "  HAVING sum(q) > 0),"
              " mine AS (SELECT warehouse, bin, sku, n::bigint AS on_hand,"
              "  round(n * c, 2) AS value FROM bins LEFT JOIN cost"
              "  USING (wh, sku_id)),"
              " api AS (SELECT * FROM json_to_recordset($1::json->'rows') AS"
              "  x (warehouse text, bin text, sku text, on_hand bigint,"
              "  value numeric))";
  char sql[4096];
  snprintf(sql, sizeof sql,
           "%s SELECT (SELECT count(*) FROM (SELECT * FROM api EXCEPT"
           " SELECT * FROM mine) a) + (SELECT count(*) FROM (SELECT * FROM"
           " mine EXCEPT SELECT * FROM api) b)",
           cmp);
  int64_t diff = sql_int_doc(sql, d);
  if (diff != 0) {
    snprintf(sql, sizeof sql,
             "%s SELECT 'api', * FROM (SELECT * FROM api EXCEPT SELECT *"
             " FROM mine) a UNION ALL SELECT 'sql', * FROM (SELECT * FROM"
             " mine EXCEPT SELECT * FROM api) b ORDER BY 2, 3, 4, 1",
             cmp);
    sql_print(sql, d);
  }
  assert_int_equal(diff, 0);
  *d_out = d;
}

static void
valuation_by_bin_at_a_past_date_agrees_with_the_ledger(void **state)
{
  (void)state;
  char at[16], path[160];
  sql_date("current_date - 30", at, sizeof at);
  snprintf(path, sizeof path,
           "/api/v1/reports/inventory?at=%s&by=bin&limit=10000", at);
  char *d;
  by_bin_agrees_with_the_ledger(path, at, &d);
  /* Some bins moved since, so walking back did something. */
  assert_true(sql_int_doc("SELECT count(*) FROM stock_move WHERE created_at"
                          " >= (($1::json->>'hi')::date + 1)::timestamptz",
                          d) > 0);
  free(d);
}

/* By bin without a date reads today's quants bin by bin in the report's
 * order (rpt_inventory_bins_now): the same rows as the ledger says, as the
 * dated report for today says, and a short page is the first rows of the
 * whole, cut where the whole is. */
static void
valuation_by_bin_today_agrees_with_the_ledger_and_pages_in_order(void **state)
{
  (void)state;
  char today[16], path[160];
  sql_date("current_date", today, sizeof today);
  char *d;
  by_bin_agrees_with_the_ledger("/api/v1/reports/inventory?by=bin&limit=10000",
                                today, &d);
  snprintf(path, sizeof path,
           "/api/v1/reports/inventory?at=%s&by=bin&limit=10000", today);
  char *dated = report(path);
  json_t *all = json_loads(d, 0, NULL);
  json_t *then = json_loads(dated, 0, NULL);
  assert_non_null(all);
  assert_non_null(then);
  assert_true(json_array_size(json_object_get(all, "rows")) > 5);
  assert_true(
      json_equal(json_object_get(all, "rows"), json_object_get(then, "rows")));
  json_t *p = api_step(&srv, "GET", "/api/v1/reports/inventory?by=bin&limit=5",
                       NULL, 200);
  assert_true(json_is_true(json_object_get(p, "truncated")));
  json_t *rows = json_object_get(p, "rows");
  assert_int_equal(json_array_size(rows), 5);
  for (size_t i = 0; i < 5; i++)
    assert_true(json_equal(json_array_get(rows, i),
                           json_array_get(json_object_get(all, "rows"), i)));
  json_decref(p);
  json_decref(then);
  json_decref(all);
  free(dated);
  free(d);
}

/* By stock owner (issue 23): the demo's 3PL clients' goods and the
 * company's, each owner's units and value from the ledger's moves of its
 * SKUs; an owner filter narrows the stock reports to its SKUs. */
static void
valuation_by_owner_agrees_with_the_ledger_of_its_skus(void **state)
{
  (void)state;
  char at[16], path[160];
  sql_date("current_date", at, sizeof at);
  snprintf(path, sizeof path, "/api/v1/reports/inventory?at=%s&by=owner", at);
  char *doc = report(path);
  char *d = with_range(doc, at, at);
  assert_int_equal(
      sql_int_doc(EFFECTS
                  ","
                  " mine AS (SELECT w.code AS warehouse, o.code AS owner,"
                  "  o.name AS owner_name, sum(e.q)::bigint AS on_hand,"
                  "  round(sum(e.v), 2) AS value FROM e"
                  "  JOIN warehouse w ON w.id = e.wh JOIN sku s ON s.id ="
                  "  e.sku_id JOIN owners o ON o.id = s.owner_id"
                  "  WHERE e.d <= ($1::json->>'hi')::date GROUP BY 1, 2, 3"
                  "  HAVING sum(e.q) <> 0 OR sum(e.v) <> 0),"
                  " api AS (SELECT * FROM json_to_recordset($1::json->'rows')"
                  "  AS x (warehouse text, owner text, owner_name text,"
                  "  on_hand bigint, value numeric))"
                  " SELECT (SELECT count(*) FROM (SELECT * FROM api EXCEPT"
                  "  SELECT * FROM mine) a) + (SELECT count(*) FROM"
                  "  (SELECT * FROM mine EXCEPT SELECT * FROM api) b)",
                  d),
      0);
  /* The demo's two clients hold stock beside the company. */
  assert_int_equal(sql_int_doc("SELECT count(DISTINCT x->>'owner') FROM"
                               " json_array_elements($1::json->'rows') x",
                               d),
                   3);
  free(d);
  free(doc);
  /* Filtered to one owner, the SKU rows are its SKUs' and add up to its
   * row above. */
  doc = report("/api/v1/reports/inventory?owner=HUAXIN&limit=10000");
  assert_int_equal(
      sql_int_doc("SELECT count(*) FROM json_array_elements($1::json->'rows')"
                  " x JOIN sku s ON s.code = x->>'sku' JOIN owners o ON"
                  " o.id = s.owner_id WHERE o.code <> 'HUAXIN'",
                  doc),
      0);
  char *own = report("/api/v1/reports/inventory?by=owner&owner=HUAXIN");
  json_t *a = json_loads(doc, 0, NULL), *b = json_loads(own, 0, NULL);
  json_int_t units = 0;
  size_t i;
  json_t *r;
  json_array_foreach(json_object_get(a, "rows"), i, r)
  {
    units += json_integer_value(json_object_get(r, "on_hand"));
  }
  json_t *rows = json_object_get(b, "rows");
  assert_int_equal(json_array_size(rows), 1);
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(rows, 0), "owner")),
      "HUAXIN");
  assert_int_equal(
      json_integer_value(json_object_get(json_array_get(rows, 0), "on_hand")),
      units);
  json_decref(a);
  json_decref(b);
  free(own);
  free(doc);
  /* Aging narrowed to an owner shows only its SKUs. */
  doc = report("/api/v1/reports/aging?owner=SHANYE");
  assert_int_equal(
      sql_int_doc("SELECT count(*) FROM json_array_elements($1::json->'rows')"
                  " x JOIN sku s ON s.code = x->>'sku' JOIN owners o ON"
                  " o.id = s.owner_id WHERE o.code <> 'SHANYE'",
                  doc),
      0);
  free(doc);
  /* An unknown owner matches nothing; a grouping that does not exist is
   * refused. */
  json_t *j =
      api_step(&srv, "GET", "/api/v1/reports/inventory?owner=NOPE", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(j, "rows")), 0);
  json_decref(j);
  api_step_code(&srv, "GET", "/api/v1/reports/aging?by=owner", NULL, 400,
                "unknown_query_param");
}

/* Compares an XLSX (argv[1]) with a CSV (argv[2]) cell by cell with a real
 * reader: numbers are numbers, dates are dates, the header is frozen and
 * the sheet is named argv[3]. Exit 0 when all holds. The CSV writes a
 * negative number as '-1 (formula-safe, core_csv_put); the sheet keeps a
 * number. */
static const char *const compare_py =
    "import csv, datetime, sys\n"
    "import openpyxl\n"
    "wb = openpyxl.load_workbook(sys.argv[1])\n"
    "ws = wb.worksheets[0]\n"
    "assert ws.title == sys.argv[3], ws.title\n"
    "assert ws.freeze_panes == 'A2', ws.freeze_panes\n"
    "rows = list(csv.reader(open(sys.argv[2], encoding='utf-8-sig')))\n"
    "cells = list(ws.iter_rows(values_only=True))\n"
    "assert len(rows) == len(cells) > 1, (len(rows), len(cells))\n"
    "nums = dates = 0\n"
    "for i, (r, c) in enumerate(zip(rows, cells)):\n"
    "  assert len(r) == len(c), (i, r, c)\n"
    "  for a, b in zip(r, c):\n"
    "    if isinstance(b, datetime.datetime):\n"
    "      assert b.strftime('%Y-%m-%d') == a, (i, a, b); dates += 1\n"
    "    elif isinstance(b, (int, float)) and i > 0:\n"
    "      a = a[1:] if a.startswith(\"'-\") else a\n"
    "      assert abs(float(a) - b) < 1e-9, (i, a, b); nums += 1\n"
    "    else:\n"
    "      assert (b if b is not None else '') == a, (i, a, b)\n"
    "assert nums > 0 and dates > 0, (nums, dates)\n";

/* Writes @a len bytes of @a data to a new temporary file named into
 * @a path (@a sfx its ending). */
static void
temp_file(char *path, size_t plen, const char *sfx, const char *data,
          size_t len)
{
  const char *dir = getenv("DEPOT_TEST_TMP");
  snprintf(path, plen, "%s/rpt-XXXXXX%s",
           dir != NULL && *dir != '\0' ? dir : "/tmp", sfx);
  int fd = mkstemps(path, (int)strlen(sfx));
  assert_true(fd >= 0);
  assert_int_equal(write(fd, data, len), (ssize_t)len);
  close(fd);
}

/* The body of GET @a path (200), with its content type checked. */
static void
fetch(const char *path, const char *type, struct api_reply *r)
{
  assert_true(api_call(&srv, "GET", path, NULL, 0, NULL, NULL, r));
  assert_int_equal(r->status, 200);
  assert_non_null(strstr(r->content_type, type));
}

static void
an_xlsx_export_holds_the_cells_of_the_csv_export(void **state)
{
  (void)state;
  const char *q = "/api/v1/reports/stock-movement?group=month&from=2020-01-01"
                  "&to=2099-12-31&warehouse=ZZ1&lang=zh-CN&format=";
  char path[256];
  struct api_reply csv = {0}, xlsx = {0};
  snprintf(path, sizeof path, "%scsv", q);
  fetch(path, "text/csv", &csv);
  /* UTF-8 with a BOM, as the other exports. */
  assert_true(csv.body_len > 3 && memcmp(csv.body, "\xEF\xBB\xBF", 3) == 0);
  snprintf(path, sizeof path, "%sxlsx", q);
  fetch(path, "spreadsheetml", &xlsx);
  char fc[512], fx[512], fp[512];
  temp_file(fc, sizeof fc, ".csv", csv.body, csv.body_len);
  temp_file(fx, sizeof fx, ".xlsx", xlsx.body, xlsx.body_len);
  temp_file(fp, sizeof fp, ".py", compare_py, strlen(compare_py));
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' '%s' '%s' '进销存'", fp, fx,
           fc);
  assert_int_equal(system(cmd), 0);
  /* In English the sheet says so. */
  api_reply_clear(&xlsx);
  fetch("/api/v1/reports/stock-movement?group=month&from=2020-01-01"
        "&to=2099-12-31&warehouse=ZZ1&lang=en&format=xlsx",
        "spreadsheetml", &xlsx);
  unlink(fx);
  temp_file(fx, sizeof fx, ".xlsx", xlsx.body, xlsx.body_len);
  snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' '%s' '%s' 'Stock movement'",
           fp, fx, fc);
  assert_int_equal(system(cmd), 0);
  unlink(fc);
  unlink(fx);
  unlink(fp);
  api_reply_clear(&csv);
  api_reply_clear(&xlsx);
}

static void
bad_filters_are_refused_naming_the_field(void **state)
{
  (void)state;
  static const struct {
    const char *path, *field;
  } bad[] = {
      {"/api/v1/reports/stock-movement?from=2026-02-30", "from"},
      {"/api/v1/reports/stock-movement?to=yesterday", "to"},
      {"/api/v1/reports/stock-movement?from=2026-03-01&to=2026-02-01", "to"},
      {"/api/v1/reports/stock-movement?group=week", "group"},
      {"/api/v1/reports/stock-movement?from=2024-01-01&to=2026-01-01", "group"},
      {"/api/v1/reports/stock-movement?format=pdf", "format"},
      {"/api/v1/reports/stock-movement?limit=0", "limit"},
      {"/api/v1/reports/inventory?by=shelf", "by"},
      {"/api/v1/reports/inventory?at=2026-1-1", "at"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    struct api_reply r = {0};
    assert_true(api_call(&srv, "GET", bad[i].path, NULL, 0, NULL, NULL, &r));
    if (r.status != 400 || strcmp(api_error_field(&r), bad[i].field) != 0)
      fprintf(stderr, "%s: %ld %s\n", bad[i].path, r.status, r.body);
    assert_int_equal(r.status, 400);
    assert_string_equal(api_error_code(&r), "bad_query_param");
    assert_string_equal(api_error_field(&r), bad[i].field);
    api_reply_clear(&r);
  }
  api_step_code(&srv, "GET", "/api/v1/reports/inventory?from=2026-01-01", NULL,
                400, "unknown_query_param");
}

static void
a_warehouse_limited_user_sees_only_their_warehouses(void **state)
{
  (void)state;
  assert_true(
      api_add_user(&srv, "rpt.ll1", "back_office", "LL1", "report pass 1"));
  assert_true(
      api_add_user(&srv, "rpt.lead", "warehouse_lead", NULL, "report pass 2"));
  struct api_server as = srv;
  assert_int_equal(api_login(&srv, "rpt.ll1", "report pass 1", as.token, NULL),
                   200);
  json_t *j = api_step(&as, "GET",
                       "/api/v1/reports/stock-movement?group=month"
                       "&from=2020-01-01&to=2099-12-31",
                       NULL, 200);
  json_t *rows = json_object_get(j, "rows"), *r;
  size_t i;
  assert_true(json_array_size(rows) > 0);
  json_array_foreach(rows, i, r) assert_string_equal(
      json_string_value(json_object_get(r, "warehouse")), "LL1");
  json_decref(j);
  j = api_step(&as, "GET", "/api/v1/reports/inventory?by=warehouse", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(j, "rows")), 1);
  json_decref(j);
  api_step_code(&as, "GET", "/api/v1/reports/inventory?warehouse=ZZ1", NULL,
                403, "warehouse_forbidden");
  api_step_code(&as, "GET",
                "/api/v1/reports/stock-movement?warehouse=ZZ1&format=csv", NULL,
                403, "warehouse_forbidden");
  /* Costs are not a lead's: the reports carry values. */
  assert_int_equal(api_login(&srv, "rpt.lead", "report pass 2", as.token, NULL),
                   200);
  api_step_code(&as, "GET", "/api/v1/reports/inventory", NULL, 403,
                "forbidden");
}

static void
the_command_line_writes_the_file_the_api_sends(void **state)
{
  (void)state;
  char out[512], env_url[600], dir[400];
  const char *tmp = getenv("DEPOT_TEST_TMP");
  snprintf(dir, sizeof dir, "%s", tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
  snprintf(out, sizeof out, "%s/rpt-cli-%d.csv", dir, (int)getpid());
  snprintf(env_url, sizeof env_url, "DEPOT_DATABASE_URL=%s", srv.database_url);
  const char *env[] = {env_url, NULL};
  const char *args[] = {"report", "inventory", "--by", "category", "--format",
                        "csv",    "--out",     out,    NULL};
  char log[2048];
  assert_int_equal(api_run_depot(args, env, log, sizeof log), 0);
  assert_non_null(strstr(log, "\"rows\":"));
  struct api_reply r = {0};
  fetch("/api/v1/reports/inventory?by=category&format=csv", "text/csv", &r);
  FILE *f = fopen(out, "rb");
  assert_non_null(f);
  char *buf = calloc(1, r.body_len + 16);
  size_t n = fread(buf, 1, r.body_len + 16, f);
  fclose(f);
  assert_int_equal(n, r.body_len);
  assert_memory_equal(buf, r.body, n);
  free(buf);
  api_reply_clear(&r);
  unlink(out);
  /* By bin too, as the API's inventory route answers it. */
  const char *bins[] = {"report", "inventory", "--by", "bin", "--format",
                        "csv",    "--out",     out,    NULL};
  assert_int_equal(api_run_depot(bins, env, log, sizeof log), 0);
  fetch("/api/v1/reports/inventory?by=bin&format=csv", "text/csv", &r);
  f = fopen(out, "rb");
  assert_non_null(f);
  buf = calloc(1, r.body_len + 16);
  n = fread(buf, 1, r.body_len + 16, f);
  fclose(f);
  assert_int_equal(n, r.body_len);
  assert_memory_equal(buf, r.body, n);
  assert_non_null(strstr(buf, "warehouse,bin,sku"));
  free(buf);
  api_reply_clear(&r);
  unlink(out);
  /* A bad filter is a usage error naming the flag; nothing is written. */
  const char *bad[] = {
      "report", "stock-movement", "--group", "week", "--format",
      "csv",    "--out",          out,       NULL};
  assert_int_equal(api_run_depot(bad, env, log, sizeof log), 2);
  assert_true(access(out, F_OK) != 0);
}

/* The sales of shipped orders: two stores in two currencies take random
 * orders of unlot-tracked porcelain from ZZ1, which are waved, picked,
 * packed and shipped through the API. */
static int next_key = 1;

static const char *
key(void)
{
  static char k[32];
  snprintf(k, sizeof k, "rpt-sale-%d", next_key++);
  return k;
}

/* Scans @a code (qty @a qty when > 0) on list @a list; the new view. */
static json_t *
scan(int64_t list, const char *code, int64_t qty)
{
  char path[96], body[200];
  snprintf(path, sizeof path, "/api/v1/picklists/%lld/scan", (long long)list);
  if (qty > 0)
    snprintf(body, sizeof body,
             "{\"code\":\"%s\",\"qty\":%lld,\"idempotency_key\":\"%s\"}", code,
             (long long)qty, key());
  else
    snprintf(body, sizeof body, "{\"code\":\"%s\",\"idempotency_key\":\"%s\"}",
             code, key());
  return api_step(&srv, "POST", path, body, 200);
}

/* Picks every task of list @a list into totes from T0nn on. */
static void
pick_list(int64_t list, int *tote)
{
  char path[96];
  snprintf(path, sizeof path, "/api/v1/picklists/%lld/assign", (long long)list);
  api_step_ok(&srv, "POST", path, "{\"picker\":\"" API_ADMIN_USER "\"}", 200);
  snprintf(path, sizeof path, "/api/v1/picklists/%lld", (long long)list);
  json_t *v = api_step(&srv, "GET", path, NULL, 200);
  for (int guard = 0; guard < 200; guard++) {
    const char *action = json_string_value(json_object_get(v, "action"));
    json_t *t = json_object_get(v, "task");
    json_t *next;
    if (action == NULL || strcmp(action, "done") == 0)
      break;
    if (strcmp(action, "scan_bin") == 0) {
      next = scan(list, json_string_value(json_object_get(t, "bin")), 0);
    } else if (strcmp(action, "scan_item") == 0) {
      next = scan(list, json_string_value(json_object_get(t, "sku")),
                  json_integer_value(json_object_get(t, "remaining")));
    } else {
      char code[16];
      const char *have = json_string_value(json_object_get(t, "tote"));
      snprintf(code, sizeof code, "%s", have != NULL ? have : "");
      if (have == NULL)
        snprintf(code, sizeof code, "T%03d", (*tote)++);
      next = scan(list, code, 0);
    }
    json_decref(v);
    v = next;
  }
  json_decref(v);
}

/* Packs order @a ext at PACK-1 into one carton, closes it at its expected
 * weight and ships it. */
static void
pack_and_ship(const char *ext)
{
  char body[512], path[96];
  snprintf(body, sizeof body, "{\"code\":\"%s\",\"station\":\"PACK-1\"}", ext);
  json_t *sh = api_step(&srv, "POST", "/api/v1/packing/open", body, 201);
  int64_t ship = json_integer_value(json_object_get(sh, "id"));
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/cartons",
           (long long)ship);
  json_t *c = api_step(&srv, "POST", path, "{\"carton_type\":\"L\"}", 201);
  int64_t cid = json_integer_value(
      json_object_get(json_array_get(json_object_get(c, "cartons"), 0), "id"));
  json_decref(c);
  size_t i;
  json_t *item;
  json_array_foreach(json_object_get(sh, "items"), i, item)
  {
    snprintf(path, sizeof path, "/api/v1/cartons/%lld/scan", (long long)cid);
    snprintf(body, sizeof body, "{\"code\":\"%s\",\"qty\":%lld}",
             json_string_value(json_object_get(item, "sku")),
             (long long)json_integer_value(json_object_get(item, "remaining")));
    api_step_ok(&srv, "POST", path, body, 200);
  }
  json_decref(sh);
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/close", (long long)cid);
  struct api_reply r = {0};
  assert_true(api_json(&srv, "POST", path, "{\"weight_g\":1}", &r));
  json_t *params = json_object_get(
      json_object_get(json_object_get(r.json, "error"), "params"),
      "expected_g");
  snprintf(body, sizeof body, "{\"weight_g\":%lld}",
           (long long)json_integer_value(params));
  api_reply_clear(&r);
  api_step_ok(&srv, "POST", path, body, 200);
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/ship", (long long)ship);
  snprintf(body, sizeof body, "{\"idempotency_key\":\"%s\"}", key());
  api_step_ok(&srv, "POST", path, body, 200);
}

/* One random order of store @a store, some lines with a discount of their
 * own and some orders with one on the whole; its external id into @a ext. */
static void
random_order(const char *store, const char *currency, int n, char *ext,
             size_t len)
{
  static const char *const skus[] = {"LL-BOWL-02-G", "LL-BOWL-03-G",
                                     "LL-BOWL-04", "LL-BOWL-05"};
  char lines[700] = "";
  int k = 1 + rand() % 3;
  for (int i = 0; i < k; i++)
    snprintf(lines + strlen(lines), sizeof lines - strlen(lines),
             "%s{\"sku\":\"%s\",\"qty\":%d,\"unit_price\":\"88.00\","
             "\"discount\":\"%d.%02d\"}",
             i > 0 ? "," : "", skus[(n + i) % 4], 1 + rand() % 3,
             rand() % 2 * (rand() % 9), rand() % 100);
  snprintf(ext, len, "RPT-%s-%d", store, n);
  char body[1200];
  snprintf(body, sizeof body,
           "{\"store\":\"%s\",\"external_id\":\"%s\",\"currency\":\"%s\","
           "\"shipping_amount\":\"%d.50\",\"discount\":\"%d.%02d\","
           "\"customer\":{\"name\":\"王五\",\"phone\":\"13800000000\"},"
           "\"ship_to\":{\"name\":\"王五\",\"line1\":\"天元区黄河南路 1 号\","
           "\"city\":\"株洲市\",\"postcode\":\"412007\",\"country_code\":"
           "\"CN\"},\"lines\":[%s]}",
           store, ext, currency, rand() % 20, rand() % 2 * (rand() % 30),
           rand() % 100, lines);
  json_t *o = api_step(&srv, "POST", "/api/v1/orders", body, 201);
  assert_string_equal(json_string_value(json_object_get(o, "state")),
                      "allocated");
  json_decref(o);
}

/* What shipped, straight from orders, shipments and ship moves. */
/* The demo's returns (demo_returns) put returned units and refunds on
 * today's rows of stores this test does not sell in: rows with returns
 * only. The tests below count their own. */
#define DEMO_RETURNS_OUT                                                       \
  "DELETE FROM sales_day WHERE orders = 0 AND units = 0 AND revenue = 0"

#define MINE_SALES                                                             \
  "WITH sh AS (SELECT x.order_id, s.id, s.shipped_at::date AS d"               \
  "  FROM shipment s JOIN shipment_order x ON x.shipment_id = s.id"            \
  "  WHERE s.state IN ('shipped', 'delivered')),"                              \
  " mv AS (SELECT sh.order_id, sum(m.qty) AS units,"                           \
  "  sum(m.qty * m.unit_cost) AS cogs FROM stock_move m"                       \
  "  JOIN sh ON m.document = 'shipment ' || sh.id AND m.reason = 'ship'"       \
  "  GROUP BY 1),"                                                             \
  " li AS (SELECT order_id, sum(qty * unit_price) AS revenue,"                 \
  "  sum(discount) AS discounts FROM order_line GROUP BY 1),"                  \
  " mine AS (SELECT sh.d AS period, st.code AS key, o.currency,"               \
  "  count(*)::bigint AS orders, sum(mv.units)::bigint AS units,"              \
  "  sum(li.revenue) AS revenue, sum(li.discounts) AS discounts,"              \
  "  sum(o.shipping_amount) AS shipping,"                                      \
  "  round(sum(mv.cogs), 2) AS cogs"                                           \
  "  FROM sh JOIN sales_order o ON o.id = sh.order_id"                         \
  "  JOIN store st ON st.id = o.store_id JOIN mv ON mv.order_id = o.id"        \
  "  JOIN li ON li.order_id = o.id GROUP BY 1, 2, 3),"                         \
  " api AS (SELECT * FROM json_to_recordset($1::json->'rows') AS x ("          \
  "  period date, key text, currency text, orders bigint, units bigint,"       \
  "  revenue numeric, discounts numeric, shipping numeric, cogs numeric))"

static void
sales_of_shipped_orders_agree_with_the_orders_and_moves(void **state)
{
  (void)state;
  srand((unsigned)time(NULL));
  /* The demo's order history is in the rollup without shipments or moves
   * to compute it from (demo_sales_history): this test's sales only. */
  PQclear(PQexec(pg, "DELETE FROM sales_day WHERE slot = 99"));
  PQclear(PQexec(pg, DEMO_RETURNS_OUT));
  api_step_ok(&srv, "POST", "/api/v1/stores",
              "{\"code\":\"RPT1\",\"name\":\"报表店\",\"channel\":\"api\","
              "\"warehouse\":\"ZZ1\",\"currency\":\"CNY\",\"carrier\":\"SF\"}",
              201);
  api_step_ok(&srv, "POST", "/api/v1/stores",
              "{\"code\":\"RPT2\",\"name\":\"report shop\",\"channel\":\"api\","
              "\"warehouse\":\"ZZ1\",\"currency\":\"USD\",\"carrier\":\"SF\"}",
              201);
  char ext[8][48];
  for (int i = 0; i < 8; i++)
    random_order(i % 2 == 0 ? "RPT1" : "RPT2", i % 2 == 0 ? "CNY" : "USD", i,
                 ext[i], sizeof ext[i]);
  int tote = 41;
  for (int s = 0; s < 2; s++) {
    json_t *w = api_step(&srv, "POST", "/api/v1/waves",
                         s == 0 ? "{\"warehouse\":\"ZZ1\",\"store\":\"RPT1\"}"
                                : "{\"warehouse\":\"ZZ1\",\"store\":\"RPT2\"}",
                         201);
    size_t i;
    json_t *l;
    json_array_foreach(json_object_get(w, "picklists"), i, l)
        pick_list(json_integer_value(json_object_get(l, "id")), &tote);
    json_decref(w);
  }
  for (int i = 0; i < 8; i++)
    pack_and_ship(ext[i]);
  char *doc = report("/api/v1/reports/sales?by=store&store=RPT1");
  assert_int_equal(sql_int_doc("SELECT count(*) FROM json_array_elements("
                               "$1::json->'rows') r WHERE r->>'key' <> 'RPT1'",
                               doc),
                   0);
  free(doc);
  doc = report("/api/v1/reports/sales?by=store");
  int64_t diff = sql_int_doc(
      MINE_SALES " SELECT (SELECT count(*) FROM (SELECT * FROM api EXCEPT"
                 " SELECT * FROM mine) a) + (SELECT count(*) FROM (SELECT *"
                 " FROM mine EXCEPT SELECT * FROM api) b)",
      doc);
  if (diff != 0)
    sql_print(MINE_SALES " SELECT 'api', * FROM api UNION ALL"
                         " SELECT 'sql', * FROM mine ORDER BY 2, 3, 1",
              doc);
  assert_int_equal(diff, 0);
  /* Per currency, never summed: a CNY row with its margin, a USD row
   * without one (costs are in CNY, no exchange rate is kept). */
  assert_int_equal(
      sql_int_doc("SELECT count(*) FROM json_array_elements($1::json->'rows')"
                  " r WHERE r->>'cost_currency' = 'CNY' AND CASE"
                  " WHEN r->>'currency' = 'CNY' THEN"
                  " (r->>'gross_margin')::numeric ="
                  " (r->>'net_revenue')::numeric - (r->>'cogs')::numeric"
                  " ELSE r->>'gross_margin' IS NULL END",
                  doc),
      2);
  free(doc);
  /* By SKU the units add up to the same. */
  doc = report("/api/v1/reports/sales?by=sku&group=month");
  assert_int_equal(sql_int_doc(MINE_SALES
                               ", s AS (SELECT sum(units) AS u FROM"
                               " json_to_recordset($1::json->'rows') AS x"
                               " (units bigint))"
                               " SELECT ((SELECT u FROM s) = (SELECT sum(units)"
                               " FROM mine))::int",
                               doc),
                   1);
  free(doc);
  /* By stock owner: each store's rows rolled up to its owner. */
  char *stores = report("/api/v1/reports/sales?by=store");
  char *owners = report("/api/v1/reports/sales?by=owner");
  json_t *both = json_pack("{s:o, s:o}", "stores", json_loads(stores, 0, NULL),
                           "owners", json_loads(owners, 0, NULL));
  char *bd = json_dumps(both, JSON_COMPACT | JSON_REAL_PRECISION(15));
  const char *cols = "period date, key text, currency text, orders bigint,"
                     " units bigint, revenue numeric, net_revenue numeric,"
                     " cogs numeric";
  char sql[1024];
  snprintf(sql, sizeof sql,
           "WITH st AS (SELECT x.period, o.code AS key, x.currency,"
           " sum(x.orders)::bigint, sum(x.units)::bigint, sum(x.revenue),"
           " sum(x.net_revenue), sum(x.cogs) FROM json_to_recordset($1::json"
           " ->'stores'->'rows') AS x (%s) JOIN store s ON s.code = x.key"
           " JOIN owners o ON o.id = s.owner_id GROUP BY 1, 2, 3),"
           " ow AS (SELECT * FROM json_to_recordset($1::json->'owners'->"
           "'rows') AS x (%s))"
           " SELECT (SELECT count(*) FROM (SELECT * FROM st EXCEPT SELECT *"
           " FROM ow) a) + (SELECT count(*) FROM (SELECT * FROM ow EXCEPT"
           " SELECT * FROM st) b)",
           cols, cols);
  assert_int_equal(sql_int_doc(sql, bd), 0);
  free(bd);
  json_decref(both);
  free(stores);
  free(owners);
}

static void
aging_and_expiry_agree_with_the_quants_and_the_ledger(void **state)
{
  (void)state;
  /* Layers of several ages, so every bucket holds something. */
  PQclear(PQexec(pg, "UPDATE stock_quant SET in_date = now() - (id % 250)"
                     " * interval '1 day'"));
  char *doc = report("/api/v1/reports/aging?buckets=30,60,90,180&days=30"
                     "&limit=10000");
  const char *cmp =
      "WITH q AS (SELECT l.warehouse_id AS wh, q.sku_id, q.on_hand,"
      "  current_date - q.in_date::date AS age FROM stock_quant q"
      "  JOIN location l ON l.id = q.location_id"
      "  WHERE l.kind IN ('bin', 'tote') AND q.on_hand > 0),"
      " sh AS (SELECT a.warehouse_id AS wh, m.sku_id,"
      "  max(m.created_at::date) AS last,"
      "  sum(m.qty) FILTER (WHERE m.created_at::date > current_date - 30)"
      "   AS recent FROM stock_move m"
      "  JOIN location a ON a.id = m.from_location_id"
      "  JOIN location b ON b.id = m.to_location_id"
      "  WHERE a.kind IN ('bin', 'tote') AND b.kind = 'customer'"
      "  GROUP BY 1, 2),"
      " mine AS (SELECT w.code AS warehouse, s.code AS sku,"
      "  sum(on_hand)::bigint AS on_hand,"
      "  coalesce(sum(on_hand) FILTER (WHERE age <= 30), 0)::bigint AS age_1,"
      "  coalesce(sum(on_hand) FILTER (WHERE age > 30 AND age <= 60), 0)"
      "   ::bigint AS age_2,"
      "  coalesce(sum(on_hand) FILTER (WHERE age > 60 AND age <= 90), 0)"
      "   ::bigint AS age_3,"
      "  coalesce(sum(on_hand) FILTER (WHERE age > 90 AND age <= 180), 0)"
      "   ::bigint AS age_4,"
      "  coalesce(sum(on_hand) FILTER (WHERE age > 180), 0)::bigint AS age_5,"
      "  max(sh.last) AS last_shipped,"
      "  coalesce(max(sh.recent), 0)::bigint AS shipped_recent"
      "  FROM q JOIN warehouse w ON w.id = q.wh JOIN sku s ON s.id = q.sku_id"
      "  LEFT JOIN sh ON sh.wh = q.wh AND sh.sku_id = q.sku_id"
      "  GROUP BY 1, 2),"
      " api AS (SELECT * FROM json_to_recordset($1::json->'rows') AS x ("
      "  warehouse text, sku text, on_hand bigint, age_1 bigint, age_2 bigint,"
      "  age_3 bigint, age_4 bigint, age_5 bigint, last_shipped date,"
      "  shipped_recent bigint))"
      " SELECT (SELECT count(*) FROM (SELECT * FROM api EXCEPT"
      "  SELECT * FROM mine) a) + (SELECT count(*) FROM (SELECT * FROM mine"
      "  EXCEPT SELECT * FROM api) b)";
  assert_int_equal(sql_int_doc(cmp, doc), 0);
  assert_true(sql_int_doc("SELECT count(*) FROM json_to_recordset($1::json"
                          "->'rows') AS x (age_5 bigint) WHERE age_5 > 0",
                          doc) > 0);
  free(doc);
  /* Lots: demo tea expires within a year and a half. */
  doc = report("/api/v1/reports/expiry?days=600&limit=10000");
  assert_int_equal(
      sql_int_doc(
          "WITH mine AS (SELECT w.code AS warehouse, s.code AS sku,"
          "  t.code AS lot, t.expiry, sum(q.on_hand)::bigint AS on_hand"
          "  FROM stock_quant q JOIN lot t ON t.id = q.lot_id"
          "  JOIN location l ON l.id = q.location_id"
          "  JOIN warehouse w ON w.id = l.warehouse_id"
          "  JOIN sku s ON s.id = q.sku_id"
          "  WHERE l.kind IN ('bin', 'tote') AND q.on_hand > 0"
          "   AND t.expiry <= current_date + 600 GROUP BY 1, 2, 3, 4),"
          " api AS (SELECT * FROM json_to_recordset($1::json->'rows') AS x ("
          "  warehouse text, sku text, lot text, expiry date, on_hand bigint))"
          " SELECT (SELECT count(*) FROM (SELECT * FROM api EXCEPT"
          "  SELECT * FROM mine) a) + (SELECT count(*) FROM (SELECT * FROM"
          "  mine EXCEPT SELECT * FROM api) b)",
          doc),
      0);
  free(doc);
  api_step_code(&srv, "GET", "/api/v1/reports/aging?buckets=60,30", NULL, 400,
                "bad_query_param");
  api_step_code(&srv, "GET", "/api/v1/reports/expiry?days=0", NULL, 400,
                "bad_query_param");
}

static void
returns_answer_no_rows_until_the_after_sales_module_records_some(void **state)
{
  (void)state;
  PQclear(PQexec(pg, DEMO_RETURNS_OUT));
  json_t *j =
      api_step(&srv, "GET", "/api/v1/reports/returns?by=store", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(j, "rows")), 0);
  json_decref(j);
  /* The hook the returns module calls: one of the RPT1 cups comes back. */
  PQclear(PQexec(pg, "SELECT rpt_sale_returned(st.id, w.id, s.id,"
                     " current_date, 'CNY', 1, 88.00) FROM store st,"
                     " warehouse w, sku s WHERE st.code = 'RPT1'"
                     " AND w.code = 'ZZ1' AND s.code = 'LL-BOWL-04'"));
  j = api_step(&srv, "GET", "/api/v1/reports/returns?by=store", NULL, 200);
  json_t *r = json_array_get(json_object_get(j, "rows"), 0);
  assert_non_null(r);
  assert_string_equal(json_string_value(json_object_get(r, "key")), "RPT1");
  assert_int_equal(json_integer_value(json_object_get(r, "returns_units")), 1);
  json_decref(j);
  /* And the sales report nets the refund out of its revenue. */
  char *doc = report("/api/v1/reports/sales?by=store&store=RPT1");
  assert_int_equal(sql_int_doc("SELECT count(*) FROM json_to_recordset("
                               "$1::json->'rows') AS x (returns_amount"
                               " numeric, net_revenue numeric, revenue"
                               " numeric, discounts numeric, shipping"
                               " numeric) WHERE returns_amount = 88.00 AND"
                               " net_revenue = revenue - discounts + shipping"
                               " - 88.00",
                               doc),
                   1);
  free(doc);
}

/* The floor's figures of the admin's day at ZZ1, as the floor's own
 * tables hold them: short tasks of the lists they picked, cartons closed
 * for the test's stores, cartons refused on the scale, count lines and
 * those that matched. Wrong scans leave no row (their transaction rolls
 * back): the test counts its own. */
#define MINE_FLOOR                                                             \
  "WITH u AS (SELECT id FROM app_user WHERE username = '" API_ADMIN_USER "')," \
  " w AS (SELECT id FROM warehouse WHERE code = 'ZZ1'),"                       \
  " cl AS (SELECT * FROM stock_count_line WHERE user_id = (SELECT id FROM u)"  \
  "  AND counted_at::date = current_date AND count_id IN (SELECT id FROM"      \
  "  stock_count WHERE warehouse_id = (SELECT id FROM w))),"                   \
  " mine AS (SELECT"                                                           \
  "  (SELECT count(*) FROM pick_task t JOIN picklist pl ON pl.id ="            \
  "   t.picklist_id WHERE t.state = 'short' AND pl.picker_id = (SELECT id"     \
  "   FROM u) AND pl.warehouse_id = (SELECT id FROM w)) AS short_picks,"       \
  "  (SELECT count(*) FROM carton c JOIN shipment sh ON sh.id = c.shipment_id" \
  "   JOIN sales_order o ON o.id = sh.order_id JOIN store st ON st.id ="       \
  "   o.store_id WHERE c.state = 'closed' AND st.code LIKE 'RPT%'"             \
  "   AND c.closed_at::date = current_date) AS cartons,"                       \
  "  (SELECT count(*) FROM fulfil_exception WHERE kind = 'weight_mismatch'"    \
  "   AND created_by = (SELECT id FROM u) AND warehouse_id = (SELECT id"       \
  "   FROM w)) AS weight_mismatches,"                                          \
  "  (SELECT count(*) FROM cl) AS count_lines,"                                \
  "  (SELECT round(count(*) FILTER (WHERE counted = expected) * 100.0"         \
  "   / nullif(count(*), 0), 1) FROM cl) AS count_accuracy),"                  \
  " api AS (SELECT short_picks, cartons, weight_mismatches, count_lines,"      \
  "  count_accuracy FROM json_to_recordset($1::json->'rows') AS x (day date,"  \
  "  warehouse text, username text, short_picks bigint, cartons bigint,"       \
  "  weight_mismatches bigint, count_lines bigint, count_accuracy numeric)"    \
  "  WHERE day = current_date AND warehouse = 'ZZ1'"                           \
  "  AND username = '" API_ADMIN_USER "')"

/* Counts two bins of ZZ1 (stock without lots, not the test's SKUs): one
 * as the bin holds, one a unit over (beyond the threshold: it waits for
 * the lead, so stock does not change). */
static void
count_two_bins(void)
{
  PGresult *q =
      PQexec(pg, "SELECT l.code, s.code, q.on_hand FROM stock_quant q"
                 " JOIN location l ON l.id = q.location_id JOIN warehouse w ON"
                 " w.id = l.warehouse_id JOIN sku s ON s.id = q.sku_id"
                 " WHERE w.code = 'ZZ1' AND l.kind = 'bin' AND q.lot_id IS NULL"
                 " AND q.on_hand > 0 AND s.code NOT LIKE 'LL-BOWL-0%'"
                 " ORDER BY l.code, s.code LIMIT 2");
  assert_int_equal(PQntuples(q), 2);
  char body[300];
  snprintf(body, sizeof body, "{\"bins\":[\"%s\",\"%s\"],\"threshold\":0}",
           PQgetvalue(q, 0, 0), PQgetvalue(q, 1, 0));
  json_t *c =
      api_step(&srv, "POST", "/api/v1/warehouses/ZZ1/counts", body, 201);
  char path[96];
  snprintf(path, sizeof path, "/api/v1/counts/%lld/entries",
           (long long)json_integer_value(json_object_get(c, "id")));
  json_decref(c);
  for (int i = 0; i < 2; i++) {
    snprintf(body, sizeof body,
             "{\"bin\":\"%s\",\"sku\":\"%s\",\"qty\":%lld,"
             "\"idempotency_key\":\"rpt-count-%d\"}",
             PQgetvalue(q, i, 0), PQgetvalue(q, i, 1),
             atoll(PQgetvalue(q, i, 2)) + i, i);
    api_step_ok(&srv, "POST", path, body, 200);
  }
  PQclear(q);
}

static void
staff_floor_figures_agree_with_the_floor(void **state)
{
  (void)state;
  /* The demo's staff history has no floor facts behind it (slot 99):
   * this test's work only, as the sales test does. */
  PQclear(PQexec(pg, "DELETE FROM staff_day WHERE slot = 99"));
  api_step_ok(&srv, "POST", "/api/v1/stores",
              "{\"code\":\"RPT3\",\"name\":\"短拣店\",\"channel\":\"api\","
              "\"warehouse\":\"ZZ1\",\"currency\":\"CNY\",\"carrier\":\"SF\"}",
              201);
  char ext[48];
  random_order("RPT3", "CNY", 0, ext, sizeof ext);
  json_t *w = api_step(&srv, "POST", "/api/v1/waves",
                       "{\"warehouse\":\"ZZ1\",\"store\":\"RPT3\"}", 201);
  int64_t list = json_integer_value(json_object_get(
      json_array_get(json_object_get(w, "picklists"), 0), "id"));
  json_decref(w);
  char path[96], body[160];
  snprintf(path, sizeof path, "/api/v1/picklists/%lld/assign", (long long)list);
  api_step_ok(&srv, "POST", path, "{\"picker\":\"" API_ADMIN_USER "\"}", 200);
  snprintf(path, sizeof path, "/api/v1/picklists/%lld", (long long)list);
  json_t *v = api_step(&srv, "GET", path, NULL, 200);
  char bin[40], sku[40];
  json_t *t = json_object_get(v, "task");
  snprintf(bin, sizeof bin, "%s", json_string_value(json_object_get(t, "bin")));
  snprintf(sku, sizeof sku, "%s", json_string_value(json_object_get(t, "sku")));
  json_decref(v);
  /* A wrong bin, the right one, a wrong item, then the bin is short. */
  snprintf(path, sizeof path, "/api/v1/picklists/%lld/scan", (long long)list);
  snprintf(body, sizeof body,
           "{\"code\":\"NO-SUCH-BIN\",\"idempotency_key\":\"rpt-w-1\"}");
  api_step_code(&srv, "POST", path, body, 409, "wrong_bin");
  snprintf(body, sizeof body, "{\"code\":\"%s\",\"idempotency_key\":\"%s\"}",
           bin, key());
  api_step_ok(&srv, "POST", path, body, 200);
  snprintf(body, sizeof body, "{\"code\":\"%s\",\"idempotency_key\":\"%s\"}",
           strcmp(sku, "LL-CUP-01") == 0 ? "LL-CUP-02" : "LL-CUP-01", key());
  api_step_code(&srv, "POST", path, body, 409, "wrong_item");
  snprintf(path, sizeof path, "/api/v1/picklists/%lld/short", (long long)list);
  snprintf(body, sizeof body, "{\"idempotency_key\":\"%s\"}", key());
  api_step_ok(&srv, "POST", path, body, 200);
  count_two_bins();
  char *doc = report("/api/v1/reports/staff?warehouse=ZZ1&limit=10000");
  int64_t diff = sql_int_doc(
      MINE_FLOOR " SELECT (SELECT count(*) FROM (SELECT * FROM api EXCEPT"
                 " SELECT * FROM mine) a) + (SELECT count(*) FROM (SELECT *"
                 " FROM mine EXCEPT SELECT * FROM api) b)",
      doc);
  if (diff != 0)
    sql_print(MINE_FLOOR " SELECT 'api', * FROM api UNION ALL"
                         " SELECT 'sql', * FROM mine",
              doc);
  assert_int_equal(diff, 0);
  /* Every figure was exercised: the sales test packed eight cartons, each
   * first refused on the scale; this one shorted a task and counted one
   * bin right and one wrong. The wrong scans are the two made here. */
  assert_int_equal(
      sql_int_doc("SELECT count(*) FROM json_to_recordset($1::json->'rows')"
                  " AS x (day date, warehouse text, username text,"
                  " wrong_bin bigint, wrong_item bigint, wrong_lot bigint,"
                  " short_picks bigint, cartons bigint, weight_mismatches"
                  " bigint, count_lines bigint, count_accuracy numeric)"
                  " WHERE day = current_date AND username = '" API_ADMIN_USER
                  "' AND wrong_bin = 1 AND wrong_item = 1 AND wrong_lot = 0"
                  " AND short_picks >= 1 AND cartons >= 8"
                  " AND weight_mismatches >= 8 AND count_lines = 2"
                  " AND count_accuracy = 50.0",
                  doc),
      1);
  free(doc);
}

static void
staff_work_and_active_time_agree_with_the_ledger(void **state)
{
  (void)state;
  char *doc = report("/api/v1/reports/staff?limit=10000");
  int64_t diff = sql_int_doc(
      "WITH m AS (SELECT n.user_id, l.warehouse_id AS wh, n.created_at,"
      "  n.created_at::date AS d, n.reason, n.qty FROM stock_move n"
      "  JOIN location l ON l.id = n.to_location_id"
      "  WHERE n.user_id IS NOT NULL AND n.reason IN ('pick', 'putaway',"
      "  'receipt', 'replenish', 'move')),"
      " g AS (SELECT *, created_at - lag(created_at) OVER (PARTITION BY"
      "  user_id, wh, d ORDER BY created_at) AS gap FROM m),"
      " mine AS (SELECT d AS day, w.code AS warehouse, u.username,"
      "  count(*) FILTER (WHERE reason = 'pick') AS pick_lines,"
      "  coalesce(sum(qty) FILTER (WHERE reason = 'pick'), 0)::bigint"
      "   AS pick_units,"
      "  count(*) FILTER (WHERE reason = 'putaway') AS putaway_lines,"
      "  count(*) FILTER (WHERE reason = 'receipt') AS receipt_lines,"
      "  round(coalesce(sum(extract(epoch FROM gap)) FILTER (WHERE gap <="
      "   interval '5 minutes'), 0))::bigint AS active_s"
      "  FROM g JOIN warehouse w ON w.id = g.wh"
      "  JOIN app_user u ON u.id = g.user_id GROUP BY 1, 2, 3),"
      " api AS (SELECT * FROM json_to_recordset($1::json->'rows') AS x ("
      "  day date, warehouse text, username text, pick_lines bigint,"
      "  pick_units bigint, putaway_lines bigint, receipt_lines bigint,"
      "  active_s bigint))"
      " SELECT (SELECT count(*) FROM (SELECT * FROM api EXCEPT"
      "  SELECT * FROM mine) a) + (SELECT count(*) FROM (SELECT * FROM mine"
      "  EXCEPT SELECT * FROM api) b)",
      doc);
  assert_int_equal(diff, 0);
  /* The sales test picked as the admin: those lines are here. */
  assert_true(sql_int_doc("SELECT coalesce(sum(pick_lines), 0) FROM"
                          " json_to_recordset($1::json->'rows') AS x"
                          " (username text, pick_lines bigint)"
                          " WHERE username = '" API_ADMIN_USER "'",
                          doc) > 0);
  free(doc);
  /* Leads and admins only: the back office is refused. */
  assert_true(
      api_add_user(&srv, "rpt.office", "back_office", NULL, "report pass 3"));
  struct api_server as = srv;
  assert_int_equal(
      api_login(&srv, "rpt.office", "report pass 3", as.token, NULL), 200);
  api_step_code(&as, "GET", "/api/v1/reports/staff", NULL, 403, "forbidden");
  assert_int_equal(api_login(&srv, "rpt.lead", "report pass 2", as.token, NULL),
                   200);
  api_step_ok(&as, "GET", "/api/v1/reports/staff", NULL, 200);
}

/* The sales test's two stores (the demo's shipments of its order history
 * never went through the shipping transaction, so they are not counted). */
static void
fulfilment_times_agree_with_the_shipments(void **state)
{
  (void)state;
  char *doc = report("/api/v1/reports/fulfilment?by=store");
  int64_t diff = sql_int_doc(
      "WITH f AS (SELECT o.id, st.code AS key, st.ship_within_hours AS p,"
      "  o.created_at, min(s.shipped_at) AS shipped_at FROM sales_order o"
      "  JOIN store st ON st.id = o.store_id"
      "  JOIN shipment_order x ON x.order_id = o.id"
      "  JOIN shipment s ON s.id = x.shipment_id"
      "  WHERE s.state IN ('shipped', 'delivered')"
      "   AND st.code IN ('RPT1', 'RPT2') GROUP BY 1, 2, 3, 4),"
      " mine AS (SELECT key, count(*)::bigint AS orders,"
      "  count(*) FILTER (WHERE shipped_at <= created_at"
      "   + make_interval(hours => p))::bigint AS on_time,"
      "  percentile_disc(0.5) WITHIN GROUP (ORDER BY floor(extract(epoch"
      "   FROM shipped_at - created_at) / 3600))::integer AS p50_hours,"
      "  percentile_disc(0.9) WITHIN GROUP (ORDER BY floor(extract(epoch"
      "   FROM shipped_at - created_at) / 3600))::integer AS p90_hours"
      "  FROM f GROUP BY 1),"
      " api AS (SELECT * FROM json_to_recordset($1::json->'rows') AS x ("
      "  key text, orders bigint, on_time bigint, p50_hours integer,"
      "  p90_hours integer) WHERE key IN ('RPT1', 'RPT2'))"
      " SELECT (SELECT count(*) FROM (SELECT * FROM api EXCEPT"
      "  SELECT * FROM mine) a) + (SELECT count(*) FROM (SELECT * FROM mine"
      "  EXCEPT SELECT * FROM api) b)",
      doc);
  assert_int_equal(diff, 0);
  assert_int_equal(sql_int_doc("SELECT count(*) FROM json_to_recordset("
                               "$1::json->'rows') AS x (key text, orders"
                               " bigint) WHERE key IN ('RPT1', 'RPT2')"
                               " AND orders = 4",
                               doc),
                   2);
  free(doc);
  api_step_code(&srv, "GET", "/api/v1/reports/fulfilment?by=sku", NULL, 400,
                "bad_query_param");
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(
          stock_movement_agrees_with_the_ledger_to_the_unit_and_cent),
      cmocka_unit_test(closings_open_the_next_period_and_end_at_the_quants),
      cmocka_unit_test(
          valuation_at_a_past_date_uses_the_costs_that_applied_then),
      cmocka_unit_test(valuation_by_bin_at_a_past_date_agrees_with_the_ledger),
      cmocka_unit_test(
          valuation_by_bin_today_agrees_with_the_ledger_and_pages_in_order),
      cmocka_unit_test(valuation_by_owner_agrees_with_the_ledger_of_its_skus),
      cmocka_unit_test(an_xlsx_export_holds_the_cells_of_the_csv_export),
      cmocka_unit_test(bad_filters_are_refused_naming_the_field),
      cmocka_unit_test(a_warehouse_limited_user_sees_only_their_warehouses),
      cmocka_unit_test(the_command_line_writes_the_file_the_api_sends),
      cmocka_unit_test(sales_of_shipped_orders_agree_with_the_orders_and_moves),
      cmocka_unit_test(aging_and_expiry_agree_with_the_quants_and_the_ledger),
      cmocka_unit_test(
          returns_answer_no_rows_until_the_after_sales_module_records_some),
      cmocka_unit_test(staff_floor_figures_agree_with_the_floor),
      cmocka_unit_test(staff_work_and_active_time_agree_with_the_ledger),
      cmocka_unit_test(fulfilment_times_agree_with_the_shipments),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
