/*
 * The purchasing report (issue 21, item 5) against a randomized buying
 * history: the demo plus back-dated POs from four suppliers in two
 * currencies into two warehouses, received in full, split, short or
 * damaged, cancelled or still open (sql/demo/demo_purchase_history.sql,
 * seeded from REPORTS_SEED or the clock, printed), and a live receipt
 * through the API. Spend, variance and open lines are compared with a
 * straightforward SQL computation over the POs and receipts (not the
 * rollup the report reads); the ranking with each supplier's performance
 * page; an XLSX export with the CSV; scope and permissions refuse what
 * they must.
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

static int
setup(void **state)
{
  (void)state;
  if (!api_server_start(&srv, "api_reports_purchasing", false, NULL) ||
      !api_seed_demo(&srv))
    return -1;
  pg = PQconnectdb(srv.database_url);
  if (PQstatus(pg) != CONNECTION_OK)
    return -1;
  const char *env = getenv("REPORTS_SEED");
  unsigned seed = env != NULL ? (unsigned)atoi(env) : (unsigned)time(NULL);
  printf("reports_purchasing: REPORTS_SEED=%u\n", seed);
  char sql[160];
  snprintf(sql, sizeof sql,
           "SELECT setseed(%u / 4294967296.0),"
           " demo_purchase_history(400, 300)",
           seed);
  PGresult *r = PQexec(pg, sql);
  bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
  if (!ok)
    fprintf(stderr, "history: %s\n", PQerrorMessage(pg));
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

/* The JSON of GET @a path (200, not truncated, some rows); caller frees. */
static char *
report(const struct api_server *who, const char *path)
{
  json_t *j = api_step(who, "GET", path, NULL, 200);
  assert_true(json_is_false(json_object_get(j, "truncated")));
  assert_true(json_array_size(json_object_get(j, "rows")) > 0);
  char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15));
  json_decref(j);
  return s;
}

/* Rows only in the API's answer plus rows only in mine: 0 when they agree
 * (CTEs api and mine from @a with, $1 the document); prints them when
 * not. */
static void
agree(const char *with, const char *doc)
{
  char sql[8192];
  snprintf(sql, sizeof sql,
           "%s SELECT (SELECT count(*) FROM (SELECT * FROM api EXCEPT"
           " SELECT * FROM mine) a) + (SELECT count(*) FROM (SELECT * FROM"
           " mine EXCEPT SELECT * FROM api) b)",
           with);
  int64_t diff = sql_int_doc(sql, doc);
  if (diff != 0) {
    snprintf(sql, sizeof sql,
             "%s SELECT 'api' AS src, * FROM (SELECT * FROM api EXCEPT"
             " SELECT * FROM mine) a UNION ALL SELECT 'sql', * FROM"
             " (SELECT * FROM mine EXCEPT SELECT * FROM api) b",
             with);
    sql_print(sql, doc);
  }
  assert_int_equal(diff, 0);
}

/* Good units received, straight from the receipts: PO cost, and the list
 * cost when the supplier lists the SKU in the PO's currency. */
#define RECEIVED                                                               \
  "WITH g AS (SELECT r.received_at::date AS d, sp.code AS supplier,"           \
  "  sp.name AS sname, s.code AS sku, s.name AS kname, po.currency,"           \
  "  rl.qty, rl.qty * pl.unit_cost AS paid,"                                   \
  "  CASE WHEN ss.cost IS NOT NULL AND sp.currency = po.currency"              \
  "   THEN rl.qty END AS lq,"                                                  \
  "  CASE WHEN ss.cost IS NOT NULL AND sp.currency = po.currency"              \
  "   THEN rl.qty * pl.unit_cost END AS lpaid,"                                \
  "  CASE WHEN sp.currency = po.currency THEN rl.qty * ss.cost END AS lval,"   \
  "  CASE WHEN sp.currency = po.currency THEN ss.cost END AS lcost"            \
  "  FROM receipt_line rl JOIN receipt r ON r.id = rl.receipt_id"              \
  "  JOIN po_line pl ON pl.id = rl.po_line_id"                                 \
  "  JOIN purchase_order po ON po.id = pl.po_id"                               \
  "  JOIN supplier sp ON sp.id = po.supplier_id"                               \
  "  JOIN sku s ON s.id = pl.sku_id"                                           \
  "  LEFT JOIN supplier_sku ss ON ss.supplier_id = sp.id"                      \
  "   AND ss.sku_id = s.id WHERE rl.qty > 0)"

static void
spend_by_supplier_and_month_agrees_with_the_receipts(void **state)
{
  (void)state;
  /* A live receipt through the real transaction: 24 cups of the demo's
   * sent PO from 醴陵陶瓷厂. */
  char path[160];
  int64_t po = sql_int_doc(
      "SELECT po.id FROM purchase_order po JOIN po_line pl ON pl.po_id = po.id"
      " JOIN sku s ON s.id = pl.sku_id WHERE s.code = 'LL-CUP-03'"
      " AND po.state = 'sent' AND po.note <> 'history' ORDER BY po.id LIMIT 1",
      NULL);
  snprintf(path, sizeof path, "/api/v1/purchase-orders/%lld/receipts",
           (long long)po);
  api_step_ok(&srv, "POST", path,
              "{\"idempotency_key\":\"rpt-p-1\",\"lines\":[{\"sku\":"
              "\"LL-CUP-03\",\"qty\":24}]}",
              201);
  char *today = report(&srv, "/api/v1/reports/purchasing?supplier=LLCC"
                             "&sku=LL-CUP-03&group=day&from=2020-01-01");
  assert_true(sql_int_doc("SELECT count(*) FROM json_to_recordset($1::json->"
                          "'rows') AS x (period date, units bigint)"
                          " WHERE period = current_date AND units >= 24",
                          today) == 1);
  free(today);
  char *doc = report(&srv, "/api/v1/reports/purchasing?from=2020-01-01"
                           "&limit=10000");
  agree(RECEIVED
        ", mine AS (SELECT date_trunc('month', d)::date AS period, supplier,"
        "  sname AS name, currency, count(*)::bigint AS lines,"
        "  sum(qty)::bigint AS units, round(sum(paid), 2) AS spend,"
        "  coalesce(sum(lq), 0)::bigint AS listed_units,"
        "  round(coalesce(sum(lval), 0), 2) AS list_value,"
        "  round(coalesce(sum(lpaid), 0) - coalesce(sum(lval), 0), 2)"
        "   AS variance FROM g GROUP BY 1, 2, 3, 4),"
        " api AS (SELECT * FROM json_to_recordset($1::json->'rows') AS x ("
        "  period date, supplier text, name text, currency text, lines bigint,"
        "  units bigint, spend numeric, listed_units bigint,"
        "  list_value numeric, variance numeric))",
        doc);
  /* Both currencies, several months, and variance both ways were seen. */
  assert_int_equal(
      sql_int_doc("SELECT (count(DISTINCT currency) >= 2)::int"
                  " + (count(DISTINCT period) >= 6)::int"
                  " + (min(variance) < 0)::int + (max(variance) > 0)::int"
                  " FROM json_to_recordset($1::json->'rows') AS x (period"
                  " date, currency text, variance numeric)",
                  doc),
      4);
  free(doc);
}

static void
price_variance_per_sku_agrees_with_the_list_costs(void **state)
{
  (void)state;
  char *doc = report(&srv, "/api/v1/reports/purchasing?view=variance"
                           "&from=2020-01-01&limit=10000");
  agree(RECEIVED
        ", mine AS (SELECT supplier, sku, kname AS name, currency,"
        "  sum(qty)::bigint AS units, round(sum(paid), 2) AS spend,"
        "  round(sum(paid) / sum(qty), 4) AS avg_cost, max(lcost) AS"
        "  list_cost, round(coalesce(sum(lval), 0), 2) AS list_value,"
        "  round(coalesce(sum(lpaid), 0) - coalesce(sum(lval), 0), 2)"
        "   AS variance FROM g GROUP BY 1, 2, 3, 4),"
        " api AS (SELECT * FROM json_to_recordset($1::json->'rows') AS x ("
        "  supplier text, sku text, name text, currency text, units bigint,"
        "  spend numeric, avg_cost numeric, list_cost numeric,"
        "  list_value numeric, variance numeric))",
        doc);
  /* The packaging supplier lists nothing: its lines have no list cost. */
  assert_true(sql_int_doc("SELECT count(*) FROM json_to_recordset($1::json->"
                          "'rows') AS x (supplier text, list_cost numeric,"
                          " variance numeric) WHERE supplier = 'PACKCO'"
                          " AND list_cost IS NULL AND variance = 0",
                          doc) > 0);
  free(doc);
}

/* A list cost changed later leaves the variance of past receipts as the
 * list said then. */
static void
a_later_list_cost_leaves_past_variance_alone(void **state)
{
  (void)state;
  const char *path = "/api/v1/reports/purchasing?from=2020-01-01"
                     "&supplier=LLCC&limit=10000";
  char *before = report(&srv, path);
  PQclear(PQexec(pg, "UPDATE supplier_sku SET cost = cost * 2"
                     " WHERE supplier_id = (SELECT id FROM supplier"
                     " WHERE code = 'LLCC')"));
  char *after = report(&srv, path);
  assert_string_equal(before, after);
  free(before);
  free(after);
  PQclear(PQexec(pg, "UPDATE supplier_sku SET cost = cost / 2"
                     " WHERE supplier_id = (SELECT id FROM supplier"
                     " WHERE code = 'LLCC')"));
}

static void
open_lines_with_their_lateness_agree_with_the_pos(void **state)
{
  (void)state;
  char *doc = report(&srv, "/api/v1/reports/purchasing?view=open&limit=10000");
  agree("WITH mine AS (SELECT po.number AS po, sp.code AS supplier,"
        "  w.code AS warehouse, po.state, pl.line_no, s.code AS sku,"
        "  pl.expected_date, CASE WHEN pl.expected_date < current_date"
        "   THEN current_date - pl.expected_date ELSE 0 END AS days_late,"
        "  pl.qty - pl.received_qty - pl.damaged_qty AS open_qty,"
        "  po.currency, round((pl.qty - pl.received_qty - pl.damaged_qty)"
        "   * pl.unit_cost, 2) AS open_value"
        "  FROM purchase_order po JOIN po_line pl ON pl.po_id = po.id"
        "  JOIN supplier sp ON sp.id = po.supplier_id"
        "  JOIN warehouse w ON w.id = po.warehouse_id"
        "  JOIN sku s ON s.id = pl.sku_id"
        "  WHERE po.state IN ('approved', 'sent', 'partially_received')"
        "   AND pl.qty > pl.received_qty + pl.damaged_qty),"
        " api AS (SELECT * FROM json_to_recordset($1::json->'rows') AS x ("
        "  po text, supplier text, warehouse text, state text,"
        "  line_no integer, sku text, expected_date date, days_late integer,"
        "  open_qty bigint, currency text, open_value numeric))",
        doc);
  /* Some are late, and the latest come first. */
  assert_true(sql_int_doc("SELECT count(*) FROM json_to_recordset($1::json->"
                          "'rows') AS x (days_late integer) WHERE days_late"
                          " > 0",
                          doc) > 0);
  assert_int_equal(
      sql_int_doc("SELECT count(*) FROM (SELECT (e->>'days_late')::int AS d,"
                  " lag((e->>'days_late')::int) OVER (ORDER BY n) AS prev"
                  " FROM json_array_elements($1::json->'rows')"
                  " WITH ORDINALITY AS x (e, n)) y WHERE prev < d",
                  doc),
      0);
  free(doc);
}

/* Each ranked supplier's measures equal its performance page's; the rank
 * follows on-time, then fill rate, then discrepancies. */
static void
ranking_uses_each_suppliers_performance_measures(void **state)
{
  (void)state;
  char lo[16], hi[16], path[200];
  PGresult *r = PQexec(pg, "SELECT to_char(current_date - 365,"
                           " 'YYYY-MM-DD'), to_char(current_date,"
                           " 'YYYY-MM-DD')");
  snprintf(lo, sizeof lo, "%s", PQgetvalue(r, 0, 0));
  snprintf(hi, sizeof hi, "%s", PQgetvalue(r, 0, 1));
  PQclear(r);
  snprintf(path, sizeof path,
           "/api/v1/reports/purchasing?view=ranking&from=%s&to=%s", lo, hi);
  json_t *j = api_step(&srv, "GET", path, NULL, 200);
  json_t *rows = json_object_get(j, "rows"), *row;
  size_t i;
  assert_true(json_array_size(rows) >= 3);
  static const char *const same[] = {
      "lines",         "on_time_rate",       "fill_rate",
      "avg_lead_days", "promised_lead_days", "discrepancy_rate"};
  json_array_foreach(rows, i, row)
  {
    snprintf(path, sizeof path,
             "/api/v1/suppliers/%s/performance?from=%s&to=%s",
             json_string_value(json_object_get(row, "supplier")), lo, hi);
    json_t *p = api_step(&srv, "GET", path, NULL, 200);
    for (size_t k = 0; k < sizeof same / sizeof same[0]; k++) {
      json_t *a = json_object_get(row, same[k]),
             *b = json_object_get(p, same[k]);
      if (json_is_null(a) || json_is_null(b))
        assert_true(json_is_null(a) && json_is_null(b));
      else
        assert_float_equal(json_number_value(a), json_number_value(b), 1e-9);
    }
    assert_float_equal(
        json_number_value(json_object_get(row, "value_purchased")),
        atof(json_string_value(json_object_get(p, "value_purchased"))), 1e-9);
    json_decref(p);
  }
  char *doc = json_dumps(j, JSON_COMPACT);
  assert_int_equal(
      sql_int_doc("SELECT count(*) FROM (SELECT (e->>'rank')::bigint AS rk,"
                  " (e->>'on_time_rate')::numeric AS ot,"
                  " lag((e->>'rank')::bigint) OVER w AS prank,"
                  " lag((e->>'on_time_rate')::numeric) OVER w AS pon"
                  " FROM json_array_elements($1::json->'rows')"
                  " WITH ORDINALITY AS x (e, n) WINDOW w AS (ORDER BY n)) y"
                  " WHERE prank > rk OR pon < ot",
                  doc),
      0);
  free(doc);
  json_decref(j);
}

/* Compares an XLSX (argv[1]) with a CSV (argv[2]) cell by cell with a real
 * reader, as test_api_reports does: numbers are numbers, dates are dates,
 * the header is frozen and the sheet is named argv[3]. */
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

static void
temp_file(char *path, size_t plen, const char *sfx, const char *data,
          size_t len)
{
  const char *dir = getenv("DEPOT_TEST_TMP");
  snprintf(path, plen, "%s/rptp-XXXXXX%s",
           dir != NULL && *dir != '\0' ? dir : "/tmp", sfx);
  int fd = mkstemps(path, (int)strlen(sfx));
  assert_true(fd >= 0);
  assert_int_equal(write(fd, data, len), (ssize_t)len);
  close(fd);
}

static void
fetch(const char *path, const char *type, struct api_reply *r)
{
  assert_true(api_call(&srv, "GET", path, NULL, 0, NULL, NULL, r));
  assert_int_equal(r->status, 200);
  assert_non_null(strstr(r->content_type, type));
}

static void
the_open_lines_export_to_xlsx_as_to_csv(void **state)
{
  (void)state;
  struct api_reply csv = {0}, xlsx = {0};
  fetch("/api/v1/reports/purchasing?view=open&format=csv", "text/csv", &csv);
  fetch("/api/v1/reports/purchasing?view=open&format=xlsx&lang=zh-CN",
        "spreadsheetml", &xlsx);
  char fc[512], fx[512], fp[512], cmd[2048];
  temp_file(fc, sizeof fc, ".csv", csv.body, csv.body_len);
  temp_file(fx, sizeof fx, ".xlsx", xlsx.body, xlsx.body_len);
  temp_file(fp, sizeof fp, ".py", compare_py, strlen(compare_py));
  snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' '%s' '%s' '未到货采购单'",
           fp, fx, fc);
  assert_int_equal(system(cmd), 0);
  unlink(fc);
  unlink(fx);
  unlink(fp);
  api_reply_clear(&csv);
  api_reply_clear(&xlsx);
}

/* Runs compare_py on the CSV and XLSX exports of @a path (…&format=),
 * the sheet named @a sheet (lang @a lang). */
static void
csv_and_xlsx_agree(const char *path, const char *lang, const char *sheet)
{
  char p[300];
  struct api_reply csv = {0}, xlsx = {0};
  snprintf(p, sizeof p, "%s&format=csv", path);
  fetch(p, "text/csv", &csv);
  snprintf(p, sizeof p, "%s&format=xlsx&lang=%s", path, lang);
  fetch(p, "spreadsheetml", &xlsx);
  char fc[512], fx[512], fp[512], cmd[2048];
  temp_file(fc, sizeof fc, ".csv", csv.body, csv.body_len);
  temp_file(fx, sizeof fx, ".xlsx", xlsx.body, xlsx.body_len);
  temp_file(fp, sizeof fp, ".py", compare_py, strlen(compare_py));
  snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' '%s' '%s' '%s'", fp, fx, fc,
           sheet);
  assert_int_equal(system(cmd), 0);
  unlink(fc);
  unlink(fx);
  unlink(fp);
  api_reply_clear(&csv);
  api_reply_clear(&xlsx);
}

/* The stock and PO lists as files: the XLSX holds the CSV's cells, and the
 * rows are the quants' and the POs' own. */
static void
the_stock_and_po_lists_export_as_csv_and_xlsx(void **state)
{
  (void)state;
  csv_and_xlsx_agree("/api/v1/stock/export?warehouse=ZZ1", "zh-CN", "库存");
  csv_and_xlsx_agree("/api/v1/purchase-orders/export?supplier=LLCC", "en",
                     "Purchase orders");
  char *doc = report(&srv, "/api/v1/stock/export?limit=10000");
  agree("WITH mine AS (SELECT w.code AS warehouse, l.code AS bin, s.code AS"
        "  sku, t.code AS lot, q.on_hand, q.reserved FROM stock_quant q"
        "  JOIN location l ON l.id = q.location_id AND l.kind IN ('bin',"
        "  'tote') JOIN warehouse w ON w.id = l.warehouse_id"
        "  JOIN sku s ON s.id = q.sku_id LEFT JOIN lot t ON t.id = q.lot_id"
        "  WHERE q.on_hand > 0 OR q.reserved > 0),"
        " api AS (SELECT * FROM json_to_recordset($1::json->'rows') AS x ("
        "  warehouse text, bin text, sku text, lot text, on_hand bigint,"
        "  reserved bigint))",
        doc);
  free(doc);
  doc = report(&srv, "/api/v1/purchase-orders/export?limit=10000");
  agree("WITH mine AS (SELECT po.number AS po, sp.code AS supplier,"
        "  po.state, po.currency, (SELECT sum(qty * unit_cost) FROM po_line"
        "  WHERE po_id = po.id)::numeric(14, 2) AS total, (SELECT sum(qty)"
        "  FROM po_line WHERE po_id = po.id)::bigint AS ordered"
        "  FROM purchase_order po JOIN supplier sp ON sp.id = po.supplier_id),"
        " api AS (SELECT * FROM json_to_recordset($1::json->'rows') AS x ("
        "  po text, supplier text, state text, currency text, total numeric,"
        "  ordered bigint))",
        doc);
  free(doc);
  api_step_code(&srv, "GET", "/api/v1/purchase-orders/export?format=pdf", NULL,
                400, "bad_query_param");
}

/* Logs @a who in as a new user of @a role (limited to @a wh, or not). */
static void
login_as(struct api_server *who, const char *name, const char *role,
         const char *wh)
{
  assert_true(api_add_user(&srv, name, role, wh, "purchasing pass 1"));
  *who = srv;
  assert_int_equal(api_login(&srv, name, "purchasing pass 1", who->token, NULL),
                   200);
}

static void
scope_and_permissions_narrow_or_refuse(void **state)
{
  (void)state;
  api_step_code(&srv, "GET", "/api/v1/reports/purchasing?view=bogus", NULL, 400,
                "bad_query_param");
  api_step_code(&srv, "GET", "/api/v1/reports/purchasing?group=year", NULL, 400,
                "bad_query_param");
  api_step_code(&srv, "GET", "/api/v1/reports/purchasing?store=X", NULL, 400,
                "unknown_query_param");
  /* Over a year by month needs no group. */
  api_step_ok(&srv, "GET",
              "/api/v1/reports/purchasing?view=variance&from=2020-01-01", NULL,
              200);
  struct api_server as;
  login_as(&as, "rptp.ll1", "back_office", "LL1");
  json_t *j =
      api_step(&as, "GET", "/api/v1/reports/purchasing?view=open", NULL, 200);
  json_t *rows = json_object_get(j, "rows"), *r;
  size_t i;
  assert_true(json_array_size(rows) > 0);
  json_array_foreach(rows, i, r) assert_string_equal(
      json_string_value(json_object_get(r, "warehouse")), "LL1");
  json_decref(j);
  api_step_code(&as, "GET", "/api/v1/reports/purchasing?warehouse=ZZ1", NULL,
                403, "warehouse_forbidden");
  /* Costs are not a lead's. */
  login_as(&as, "rptp.lead", "warehouse_lead", NULL);
  api_step_code(&as, "GET", "/api/v1/reports/purchasing", NULL, 403,
                "forbidden");
  /* A supplier's key sees its own figures and no other report. */
  const char *opts[] = {"--name",     "llcc-portal", "--scope", "supplier",
                        "--supplier", "LLCC",        NULL};
  as = srv;
  assert_true(api_make_key(&srv, opts, as.token, sizeof as.token));
  char *doc = report(&as, "/api/v1/reports/purchasing?from=2020-01-01");
  assert_int_equal(sql_int_doc("SELECT count(*) FROM json_to_recordset("
                               "$1::json->'rows') AS x (supplier text)"
                               " WHERE supplier <> 'LLCC'",
                               doc),
                   0);
  free(doc);
  j = api_step(&as, "GET", "/api/v1/reports/purchasing?supplier=AHTEA", NULL,
               200);
  assert_int_equal(json_array_size(json_object_get(j, "rows")), 0);
  json_decref(j);
  api_step_code(&as, "GET", "/api/v1/reports/sales", NULL, 403, "forbidden");
  doc = report(&as, "/api/v1/purchase-orders/export?limit=10000");
  assert_int_equal(sql_int_doc("SELECT count(*) FROM json_to_recordset("
                               "$1::json->'rows') AS x (supplier text)"
                               " WHERE supplier <> 'LLCC'",
                               doc),
                   0);
  free(doc);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(spend_by_supplier_and_month_agrees_with_the_receipts),
      cmocka_unit_test(price_variance_per_sku_agrees_with_the_list_costs),
      cmocka_unit_test(a_later_list_cost_leaves_past_variance_alone),
      cmocka_unit_test(open_lines_with_their_lateness_agree_with_the_pos),
      cmocka_unit_test(ranking_uses_each_suppliers_performance_measures),
      cmocka_unit_test(the_open_lines_export_to_xlsx_as_to_csv),
      cmocka_unit_test(the_stock_and_po_lists_export_as_csv_and_xlsx),
      cmocka_unit_test(scope_and_permissions_narrow_or_refuse),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
