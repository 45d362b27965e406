/*
 * 3PL billing (issue 23 item 4), on a warehouse made here with one 3PL
 * client BILLCO (and OTHERCO beside it) whose last month has known
 * history, written back-dated into the ledger as the floor would have:
 * receipts into two bins (one notified carton by SSCC), units shipped out,
 * two shipments (one last month, one this month) in cartons of two types,
 * value-added services recorded on the order.
 *  - price lists: every refusal names its field and code and writes no
 *    version; the same list again makes none; history is kept;
 *  - value-added services: recorded by key (a retry replays), refused for
 *    a service the owner's list does not price;
 *  - statements: a month not ended, a bad month and an owner without a
 *    list are refused; last month's statement equals, line by line and
 *    to the cent, an independent query over the moves, shipments, cartons
 *    and services written here; one per owner and month; an adjustment of
 *    an earlier statement is billed on it; the issued rows refuse UPDATE
 *    and DELETE (SQLSTATE DP400, billing_statement_issued);
 *  - snapshots: the stock of every day of the month from the ledger (what
 *    the statement used) equals the quants less later moves (the nightly
 *    job's reading), and the nightly job's day equals the ledger's;
 *  - a client of BILLCO reads its statements and gets 404 for OTHERCO's;
 *  - downloads: PDF, XLSX (a zip) and CSV, in zh-CN and en.
 */
#include "api_harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api_steps.h"

static struct api_server srv;
static char order_a[24], order_b[24];

/* The month billed (last month) and the one before it, as YYYY-MM. */
static char month[8], month_before[8];

/* Start of last month as an SQL expression; BILLCO's id. */
#define M0 "(date_trunc('month', now()) - interval '1 month')"
#define BC "(SELECT id FROM owners WHERE code = 'BILLCO')"

static void
sql(const char *q)
{
  if (!api_sql_text(&srv, q, NULL, 0))
    fail_msg("sql failed: %s", q);
}

static void
sql_value(const char *q, char *out, size_t len)
{
  if (!api_sql_text(&srv, q, out, len))
    fail_msg("sql failed: %s", q);
}

/* @a method @a path answers @a status with error @a code on @a field. */
static void
refused(const char *method, const char *path, const char *body, long status,
        const char *code, const char *field)
{
  struct api_reply rep;
  assert_true(api_json(&srv, method, path, body, &rep));
  if (rep.status != status || strcmp(api_error_code(&rep), code) != 0 ||
      (field != NULL && (api_error_field(&rep) == NULL ||
                         strcmp(api_error_field(&rep), field) != 0)))
    fail_msg("%s %s %s: got %ld %s, want %ld %s on %s", method, path,
             body != NULL ? body : "", rep.status, rep.body, status, code,
             field != NULL ? field : "-");
  api_reply_clear(&rep);
}

static json_t *
order(const char *ext, const char *lines)
{
  char body[800];
  snprintf(body, sizeof body,
           "{\"store\":\"BC-SHOP\",\"external_id\":\"%s\",\"currency\":"
           "\"CNY\",\"ship_to\":{\"name\":\"周丽\",\"line1\":\"解放西路 18 "
           "号\",\"city\":\"长沙市\",\"country_code\":\"CN\"},\"lines\":%s}",
           ext, lines);
  return api_step(&srv, "POST", "/api/v1/orders", body, 201);
}

static void
setup_world(void)
{
  static const char *const posts[][2] = {
      {"/api/v1/warehouses", "{\"code\":\"W1\",\"name\":\"w\"}"},
      {"/api/v1/warehouses/W1/zones", "{\"code\":\"BC\",\"type\":\"reserve\"}"},
      {"/api/v1/warehouses/W1/bins", "{\"code\":\"BC-01\",\"zone\":\"BC\"}"},
      {"/api/v1/warehouses/W1/bins", "{\"code\":\"BC-02\",\"zone\":\"BC\"}"},
      {"/api/v1/owners", "{\"code\":\"BILLCO\",\"name\":\"计费测试客户\"}"},
      {"/api/v1/owners", "{\"code\":\"OTHERCO\",\"name\":\"Other client\"}"},
      {"/api/v1/products",
       "{\"sku\":\"BC-1\",\"name\":\"小件\",\"owner\":\"BILLCO\"}"},
      {"/api/v1/products",
       "{\"sku\":\"BC-2\",\"name\":\"大件\",\"owner\":\"BILLCO\"}"},
      {"/api/v1/stores", "{\"code\":\"BC-SHOP\",\"name\":\"计费店\","
                         "\"channel\":\"api\",\"warehouse\":\"W1\","
                         "\"currency\":\"CNY\",\"owner\":\"BILLCO\"}"},
      {"/api/v1/suppliers",
       "{\"code\":\"BC-SUP\",\"name\":\"计费供应\",\"owner\":\"BILLCO\"}"},
      {"/api/v1/purchase-orders",
       "{\"supplier\":\"BC-SUP\",\"warehouse\":\"W1\",\"lines\":[{"
       "\"sku\":\"BC-1\",\"qty\":100,\"unit_cost\":2}]}"},
  };
  for (size_t i = 0; i < sizeof posts / sizeof posts[0]; i++)
    api_step_ok(&srv, "POST", posts[i][0], posts[i][1], 201);
  json_t *a = order("BC-A", "[{\"sku\":\"BC-1\",\"qty\":30,"
                            "\"unit_price\":\"9\"},{\"sku\":\"BC-2\","
                            "\"qty\":10,\"unit_price\":\"19\"}]");
  json_t *b = order("BC-B", "[{\"sku\":\"BC-1\",\"qty\":5,"
                            "\"unit_price\":\"9\"}]");
  snprintf(order_a, sizeof order_a, "%" JSON_INTEGER_FORMAT,
           json_integer_value(json_object_get(a, "id")));
  snprintf(order_b, sizeof order_b, "%" JSON_INTEGER_FORMAT,
           json_integer_value(json_object_get(b, "id")));
  json_decref(a);
  json_decref(b);
  /* Dimensions: BC-1 10x10x10 cm (0.001 m³), BC-2 20x30x40 (0.024 m³). */
  sql("UPDATE sku SET length_cm = 10, width_cm = 10, height_cm = 10"
      " WHERE code = 'BC-1';"
      "UPDATE sku SET length_cm = 20, width_cm = 30, height_cm = 40"
      " WHERE code = 'BC-2';"
      "INSERT INTO carton_type (code, name, tare_g) VALUES"
      " ('BCBOX', 'small', 100), ('BCBIG', 'big', 300)");
  /* Last month's ledger: 100 BC-1 received on day 3 into BC-01 (30 shipped
   * on day 11, the other 70 a minute ago), 10 BC-2 received on day 5 into
   * BC-02 and shipped on day 20. */
  sql("CREATE FUNCTION pg_temp.mv(s text, f text, t text, q bigint,"
      " r text, at timestamptz) RETURNS void LANGUAGE sql AS $$"
      " INSERT INTO stock_move (sku_id, qty, from_location_id,"
      " to_location_id, reason, document, created_at)"
      " SELECT (SELECT id FROM sku WHERE code = s), q,"
      " (SELECT l.id FROM location l JOIN warehouse w ON w.id ="
      " l.warehouse_id WHERE w.code = 'W1' AND l.code = f),"
      " (SELECT l.id FROM location l JOIN warehouse w ON w.id ="
      " l.warehouse_id WHERE w.code = 'W1' AND l.code = t), r,"
      " 'billing test', at $$;"
      "SELECT pg_temp.mv('BC-1', '@SUPPLIER', 'BC-01', 100, 'receipt', " M0
      " + interval '2 days 10 hours');"
      "SELECT pg_temp.mv('BC-1', 'BC-01', '@CUSTOMER', 30, 'ship', " M0
      " + interval '10 days 15 hours');"
      "SELECT pg_temp.mv('BC-1', 'BC-01', '@CUSTOMER', 70, 'ship',"
      " now() - interval '1 minute');"
      "SELECT pg_temp.mv('BC-2', '@SUPPLIER', 'BC-02', 10, 'receipt', " M0
      " + interval '4 days 9 hours');"
      "SELECT pg_temp.mv('BC-2', 'BC-02', '@CUSTOMER', 10, 'ship', " M0
      " + interval '19 days 16 hours')");
  /* The PO's notified cartons: one received last month, one this month. */
  sql("INSERT INTO asn (po_id, reference) SELECT p.id, 'BC-ASN' FROM"
      " purchase_order p JOIN supplier s ON s.id = p.supplier_id"
      " WHERE s.code = 'BC-SUP';"
      "INSERT INTO asn_carton (asn_id, sscc, received_at) SELECT id,"
      " '390000000000000011', " M0 " + interval '2 days 10 hours'"
      " FROM asn WHERE reference = 'BC-ASN';"
      "INSERT INTO asn_carton (asn_id, sscc, received_at) SELECT id,"
      " '390000000000000012', now() FROM asn WHERE reference = 'BC-ASN';"
      "INSERT INTO asn_line (carton_id, sku_id, qty) SELECT c.id,"
      " (SELECT id FROM sku WHERE code = 'BC-1'), 50 FROM asn_carton c"
      " WHERE c.sscc LIKE '39000000000000001_'");
  /* Order A shipped last month in two cartons, order B this month. */
  char q[1600];
  snprintf(q, sizeof q,
           "INSERT INTO shipment (order_id, warehouse_id, track_token, state,"
           " shipped_at) VALUES (%s, (SELECT id FROM warehouse WHERE code ="
           " 'W1'), 'billing-test-token-0000001', 'shipped', " M0
           " + interval '10 days 16 hours'), (%s, (SELECT id FROM warehouse"
           " WHERE code = 'W1'), 'billing-test-token-0000002', 'shipped',"
           " now());"
           "INSERT INTO shipment_order (shipment_id, order_id) SELECT id,"
           " order_id FROM shipment WHERE track_token LIKE 'billing-test-%%'"
           " ON CONFLICT DO NOTHING;"
           "INSERT INTO carton (shipment_id, seq, carton_type, sscc) SELECT"
           " s.id, v.seq, v.t, v.sscc FROM shipment s, (VALUES (1, 'BCBOX',"
           " '390000000000000021'), (2, 'BCBIG', '390000000000000022'))"
           " AS v (seq, t, sscc) WHERE s.track_token ="
           " 'billing-test-token-0000001';"
           "INSERT INTO carton (shipment_id, seq, carton_type, sscc) SELECT"
           " id, 1, 'BCBOX', '390000000000000023' FROM shipment WHERE"
           " track_token = 'billing-test-token-0000002'",
           order_a, order_b);
  sql(q);
  sql_value("SELECT to_char(" M0 ", 'YYYY-MM')", month, sizeof month);
  sql_value("SELECT to_char(" M0 " - interval '1 month', 'YYYY-MM')",
            month_before, sizeof month_before);
}

static int
setup(void **state)
{
  (void)state;
  if (!api_server_start(&srv, "api_billing", false, NULL))
    return -1;
  setup_world();
  return 0;
}

static int
teardown(void **state)
{
  (void)state;
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

#define RULES_PATH "/api/v1/owners/BILLCO/billing-rules"
#define GOOD_RULES                                                             \
  "{\"storage\":{\"mode\":\"m3_day\",\"price\":\"12.5\"},"                     \
  "\"inbound\":{\"per_unit\":0.35,\"per_sscc\":\"4.2\"},"                      \
  "\"outbound\":{\"per_order\":\"3.00\",\"per_extra_line\":\"0.55\","          \
  "\"per_unit\":\"0.125\"},"                                                   \
  "\"packaging\":[{\"carton_type\":\"BCBOX\",\"price\":\"1.10\"},"             \
  "{\"carton_type\":\"BCBIG\",\"price\":\"2.35\"}],"                           \
  "\"services\":[{\"code\":\"labelling\",\"name\":\"贴标\",\"price\":"       \
  "\"0.1234\"},{\"code\":\"gift_wrap\",\"name\":\"礼品包装\",\"price\":"   \
  "\"5\"},{\"code\":\"kitting\",\"name\":\"组套\",\"price\":\"1.5\"}]}"

static void
price_lists_are_checked_and_versioned(void **state)
{
  (void)state;
  static const char *const bad[][3] = {
      {"{\"storage\":{\"mode\":\"week\",\"price\":1},\"inbound\":{\"per_unit\""
       ":1,\"per_sscc\":1},\"outbound\":{\"per_order\":1,\"per_extra_line\":1,"
       "\"per_unit\":1}}",
       "billing_storage_mode", "storage.mode"},
      {"{\"storage\":{\"mode\":\"unit_day\",\"price\":1},\"inbound\":{"
       "\"per_unit\":-1,\"per_sscc\":1},\"outbound\":{\"per_order\":1,"
       "\"per_extra_line\":1,\"per_unit\":1}}",
       "billing_price_invalid", "inbound.per_unit"},
      {"{\"storage\":{\"mode\":\"unit_day\",\"price\":\"0.12345\"},"
       "\"inbound\":{\"per_unit\":1,\"per_sscc\":1},\"outbound\":{"
       "\"per_order\":1,\"per_extra_line\":1,\"per_unit\":1}}",
       "billing_price_invalid", "storage.price"},
      {"{\"storage\":{\"mode\":\"bin_day\",\"price\":1},\"inbound\":{"
       "\"per_unit\":1,\"per_sscc\":1},\"outbound\":{\"per_order\":1,"
       "\"per_extra_line\":1}}",
       "billing_price_invalid", "outbound.per_unit"},
      {"{\"storage\":{\"mode\":\"bin_day\",\"price\":1},\"inbound\":{"
       "\"per_unit\":1,\"per_sscc\":1},\"outbound\":{\"per_order\":1,"
       "\"per_extra_line\":1,\"per_unit\":1},\"packaging\":[{\"carton_type\":"
       "\"NOPE\",\"price\":1}]}",
       "billing_carton_type_unknown", "packaging[0].carton_type"},
      {"{\"storage\":{\"mode\":\"bin_day\",\"price\":1},\"inbound\":{"
       "\"per_unit\":1,\"per_sscc\":1},\"outbound\":{\"per_order\":1,"
       "\"per_extra_line\":1,\"per_unit\":1},\"services\":[{\"code\":"
       "\"Bad Code\",\"name\":\"x\",\"price\":1}]}",
       "billing_service_invalid", "services[0].code"},
      {"{\"storage\":{\"mode\":\"bin_day\",\"price\":1},\"inbound\":{"
       "\"per_unit\":1,\"per_sscc\":1},\"outbound\":{\"per_order\":1,"
       "\"per_extra_line\":1,\"per_unit\":1},\"services\":[{\"code\":"
       "\"wrap\",\"name\":\"x\",\"price\":1},{\"code\":\"wrap\",\"name\":"
       "\"y\",\"price\":2}]}",
       "billing_rule_duplicate", "services[0].code"},
      {"{\"storage\":{\"mode\":\"bin_day\",\"price\":1},\"inbound\":{"
       "\"per_unit\":1,\"per_sscc\":1}}",
       "missing_field", "outbound"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    refused("PUT", RULES_PATH, bad[i][0], 422, bad[i][1], bad[i][2]);
  char n[16];
  sql_value("SELECT count(*) FROM billing_rules", n, sizeof n);
  assert_string_equal(n, "0");
  /* A first list, a change (version 2), the same again (still 2). */
  json_t *j = api_step(
      &srv, "PUT", RULES_PATH,
      "{\"storage\":{\"mode\":\"unit_day\",\"price\":\"0.05\"},\"inbound\":"
      "{\"per_unit\":1,\"per_sscc\":1},\"outbound\":{\"per_order\":1,"
      "\"per_extra_line\":1,\"per_unit\":1}}",
      200);
  assert_int_equal(json_integer_value(json_object_get(j, "version")), 1);
  json_decref(j);
  /* The change takes effect from the first day of the month before last
   * (every month the tests bill); the first list priced from the start. */
  char good[1200], day[16];
  snprintf(day, sizeof day, "%s-01", month_before);
  snprintf(good, sizeof good, "%.*s,\"effective_from\":\"%s\"}",
           (int)strlen(GOOD_RULES) - 1, GOOD_RULES, day);
  j = api_step(&srv, "PUT", RULES_PATH, good, 200);
  assert_int_equal(json_integer_value(json_object_get(j, "version")), 2);
  json_decref(j);
  j = api_step(&srv, "PUT", RULES_PATH, good, 200);
  assert_int_equal(json_integer_value(json_object_get(j, "version")), 2);
  json_decref(j);
  /* Another list on the same day, or no day at all: refused, no row. */
  snprintf(good, sizeof good,
           "{\"storage\":{\"mode\":\"bin_day\",\"price\":1},\"inbound\":"
           "{\"per_unit\":1,\"per_sscc\":1},\"outbound\":{\"per_order\":1,"
           "\"per_extra_line\":1,\"per_unit\":1},\"effective_from\":\"%s\"}",
           day);
  refused("PUT", RULES_PATH, good, 409, "billing_rule_effective_duplicate",
          "effective_from");
  refused("PUT", RULES_PATH,
          "{\"storage\":{\"mode\":\"bin_day\",\"price\":1},\"inbound\":"
          "{\"per_unit\":1,\"per_sscc\":1},\"outbound\":{\"per_order\":1,"
          "\"per_extra_line\":1,\"per_unit\":1},\"effective_from\":"
          "\"2026-02-30\"}",
          422, "billing_effective_invalid", "effective_from");
  sql_value("SELECT count(*) FROM billing_rules", n, sizeof n);
  assert_string_equal(n, "2");
  j = api_step(&srv, "GET", RULES_PATH, NULL, 200);
  json_t *h = json_object_get(j, "history");
  assert_int_equal(json_array_size(h), 2);
  assert_string_equal(json_string_value(json_object_get(j, "currency")), "CNY");
  assert_string_equal(json_string_value(json_object_get(j, "effective_from")),
                      day);
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(h, 0), "state")),
      "in_effect");
  assert_string_equal(json_string_value(json_object_get(json_array_get(h, 1),
                                                        "effective_from")),
                      "2000-01-01");
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(h, 1), "state")),
      "superseded");
  json_decref(j);
  refused("GET", "/api/v1/owners/NOSUCH/billing-rules", NULL, 404, "not_found",
          NULL);
}

static void
services_are_recorded_on_orders(void **state)
{
  (void)state;
  char path[96], body[200];
  snprintf(path, sizeof path, "/api/v1/orders/%s/services", order_a);
  const char *first = "{\"service\":\"labelling\",\"qty\":40,\"note\":\"贴中文"
                      "标\",\"idempotency_key\":\"bc-vas-1\"}";
  json_t *j = api_step(&srv, "POST", path, first, 201);
  json_int_t id = json_integer_value(json_object_get(j, "id"));
  json_decref(j);
  j = api_step(&srv, "POST", path, first, 200);
  assert_int_equal(json_integer_value(json_object_get(j, "id")), id);
  json_decref(j);
  api_step_ok(&srv, "POST", path, "{\"service\":\"gift_wrap\",\"qty\":2}", 201);
  api_step_ok(&srv, "POST", path, "{\"service\":\"kitting\",\"qty\":3}", 201);
  refused("POST", path, "{\"service\":\"massage\",\"qty\":1}", 422,
          "billing_service_unknown", "service");
  refused("POST", "/api/v1/orders/99999999/services",
          "{\"service\":\"labelling\"}", 404, "not_found", NULL);
  j = api_step(&srv, "GET", path, NULL, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 3);
  assert_int_equal(json_array_size(json_object_get(j, "offered")), 3);
  json_decref(j);
  /* Labelling and gift wrap were done last month; kitting this month. */
  snprintf(body, sizeof body,
           "UPDATE order_service SET created_at = " M0
           " + interval '11 days' WHERE service <> 'kitting'");
  sql(body);
}

/* The expected total of last month, by an independent query over the
 * rows written in setup (prices of GOOD_RULES), each line rounded. */
static const char *const expected_sql =
    "WITH b AS (SELECT " M0 " AS t0, " M0 " + interval '1 month' AS t1,"
    " (SELECT id FROM owners WHERE code = 'BILLCO') AS o),"
    " days AS (SELECT g::date AS d FROM b, generate_series(b.t0, b.t1 -"
    " interval '1 day', interval '1 day') g),"
    " bal AS (SELECT days.d, m.sku_id, sum(CASE WHEN tl.kind IN ('bin',"
    " 'tote') THEN m.qty ELSE 0 END - CASE WHEN fl.kind IN ('bin', 'tote')"
    " THEN m.qty ELSE 0 END) AS u FROM days JOIN stock_move m ON"
    " m.created_at < days.d + 1 JOIN location fl ON fl.id ="
    " m.from_location_id JOIN location tl ON tl.id = m.to_location_id"
    " JOIN sku s ON s.id = m.sku_id, b WHERE s.owner_id = b.o"
    " GROUP BY days.d, m.sku_id),"
    " lines AS ("
    " SELECT round(round(sum(bal.u * s.length_cm * s.width_cm * s.height_cm"
    " / 1000000), 6) * 12.5, 2) AS a FROM bal JOIN sku s ON s.id = bal.sku_id"
    " UNION ALL SELECT round(sum(m.qty) * 0.35, 2) FROM stock_move m, b"
    " WHERE m.reason = 'receipt' AND m.created_at >= b.t0 AND m.created_at"
    " < b.t1 AND m.sku_id IN (SELECT id FROM sku WHERE owner_id = b.o)"
    " UNION ALL SELECT round(count(*) * 4.2, 2) FROM asn_carton c, b WHERE"
    " c.received_at >= b.t0 AND c.received_at < b.t1 AND c.sscc LIKE"
    " '3900000000000000%'"
    " UNION ALL SELECT round(count(DISTINCT sh.order_id) * 3.00, 2) FROM"
    " shipment sh, b WHERE sh.shipped_at >= b.t0 AND sh.shipped_at < b.t1"
    " AND sh.track_token LIKE 'billing-test-%'"
    " UNION ALL SELECT round(sum(greatest(n - 1, 0)) * 0.55, 2) FROM (SELECT"
    " (SELECT count(*) FROM order_line l WHERE l.order_id = sh.order_id) AS"
    " n FROM shipment sh, b WHERE sh.shipped_at >= b.t0 AND sh.shipped_at <"
    " b.t1 AND sh.track_token LIKE 'billing-test-%') x"
    " UNION ALL SELECT round(sum(m.qty) * 0.125, 2) FROM stock_move m, b"
    " WHERE m.reason = 'ship' AND m.created_at >= b.t0 AND m.created_at <"
    " b.t1 AND m.sku_id IN (SELECT id FROM sku WHERE owner_id = b.o)"
    " UNION ALL SELECT round(count(*) FILTER (WHERE c.carton_type = 'BCBOX')"
    " * 1.10, 2) + round(count(*) FILTER (WHERE c.carton_type = 'BCBIG') *"
    " 2.35, 2) FROM carton c JOIN shipment sh ON sh.id = c.shipment_id, b"
    " WHERE sh.shipped_at >= b.t0 AND sh.shipped_at < b.t1"
    " UNION ALL SELECT round(sum(v.qty) FILTER (WHERE v.service ="
    " 'labelling') * 0.1234, 2) + round(sum(v.qty) FILTER (WHERE v.service"
    " = 'gift_wrap') * 5, 2) FROM order_service v, b WHERE v.created_at >="
    " b.t0 AND v.created_at < b.t1"
    " UNION ALL SELECT sum(amount) FROM billing_adjustment WHERE owner_id ="
    " (SELECT o FROM b))"
    " SELECT sum(a)::numeric(14, 2)::text FROM lines";

/* Whether statement @a id refuses @a dml with billing_statement_issued. */
static void
sealed(const char *dml)
{
  char q[900], hint[64];
  snprintf(q, sizeof q,
           "CREATE FUNCTION pg_temp.t() RETURNS text LANGUAGE plpgsql AS $$"
           " DECLARE h text; s text; BEGIN %s; RETURN 'changed';"
           " EXCEPTION WHEN SQLSTATE 'DP400' THEN GET STACKED DIAGNOSTICS"
           " h = PG_EXCEPTION_HINT, s = RETURNED_SQLSTATE; RETURN s || ' ' ||"
           " h; END $$; SELECT pg_temp.t()",
           dml);
  sql_value(q, hint, sizeof hint);
  assert_string_equal(hint, "DP400 billing_statement_issued");
}

static void
statements_equal_the_ledger_to_the_cent(void **state)
{
  (void)state;
  char body[200], cur[8], path[160], want[32], v[256];
  sql_value("SELECT to_char(now(), 'YYYY-MM')", cur, sizeof cur);
  snprintf(body, sizeof body, "{\"month\":\"%s\"}", cur);
  refused("POST", "/api/v1/owners/BILLCO/statements", body, 409,
          "billing_month_open", "month");
  refused("POST", "/api/v1/owners/BILLCO/statements", "{\"month\":\"2026-13\"}",
          422, "billing_month_invalid", "month");
  refused("POST", "/api/v1/owners/OTHERCO/statements",
          "{\"month\":\"2025-01\"}", 409, "billing_no_rules", NULL);
  /* The month before: nothing to bill; then a credit on it. */
  snprintf(body, sizeof body, "{\"month\":\"%s\"}", month_before);
  json_t *j =
      api_step(&srv, "POST", "/api/v1/owners/BILLCO/statements", body, 201);
  json_int_t before_id = json_integer_value(json_object_get(j, "id"));
  assert_int_equal(json_array_size(json_object_get(j, "lines")), 0);
  json_decref(j);
  snprintf(path, sizeof path,
           "/api/v1/owners/BILLCO/statements/%" JSON_INTEGER_FORMAT
           "/adjustments",
           before_id);
  refused("POST", path, "{\"amount\":\"0\",\"reason\":\"nothing\"}", 422,
          "billing_amount_invalid", "amount");
  api_step_ok(&srv, "POST", path,
              "{\"amount\":\"5.07\",\"credit\":true,\"reason\":\"破损赔付\","
              "\"idempotency_key\":\"bc-adj-1\"}",
              201);
  api_step_ok(&srv, "POST", path,
              "{\"amount\":\"5.07\",\"credit\":true,\"reason\":\"破损赔付\","
              "\"idempotency_key\":\"bc-adj-1\"}",
              200);
  /* Last month, by key; again by key replays; another key is refused. */
  snprintf(body, sizeof body,
           "{\"month\":\"%s\",\"idempotency_key\":"
           "\"bc-st-1\"}",
           month);
  j = api_step(&srv, "POST", "/api/v1/owners/BILLCO/statements", body, 201);
  json_int_t id = json_integer_value(json_object_get(j, "id"));
  json_t *again =
      api_step(&srv, "POST", "/api/v1/owners/BILLCO/statements", body, 200);
  assert_int_equal(json_integer_value(json_object_get(again, "id")), id);
  json_decref(again);
  snprintf(body, sizeof body, "{\"month\":\"%s\"}", month);
  refused("POST", "/api/v1/owners/BILLCO/statements", body, 409,
          "billing_statement_exists", "month");
  /* To the cent: the total, and the sum of the lines. */
  sql_value(expected_sql, want, sizeof want);
  char total[32];
  snprintf(total, sizeof total, "%.2f",
           json_number_value(json_object_get(j, "total")));
  assert_string_equal(total, want);
  snprintf(v, sizeof v,
           "SELECT sum(amount)::text FROM billing_statement_line WHERE"
           " statement_id = %" JSON_INTEGER_FORMAT,
           id);
  sql_value(v, want, sizeof want);
  assert_string_equal(total, want);
  /* Lines: storage, inbound unit + sscc, outbound order + extra line +
   * unit, two packaging, two services, the adjustment. */
  json_t *lines = json_object_get(j, "lines");
  assert_int_equal(json_array_size(lines), 11);
  json_t *last = json_array_get(lines, 10);
  assert_string_equal(json_string_value(json_object_get(last, "kind")),
                      "adjustment");
  json_t *in = json_array_get(lines, 1);
  assert_string_equal(json_string_value(json_object_get(in, "code")), "unit");
  assert_int_equal(
      json_array_size(json_object_get(json_object_get(in, "facts"), "moves")),
      2);
  json_decref(j);
  /* Drill-down: the inbound line's moves, the storage line's days. */
  snprintf(path, sizeof path,
           "/api/v1/owners/BILLCO/statements/%" JSON_INTEGER_FORMAT
           "/lines/2/facts",
           id);
  j = api_step(&srv, "GET", path, NULL, 200);
  json_t *items = json_object_get(j, "items");
  assert_int_equal(json_array_size(items), 2);
  assert_int_equal(
      json_integer_value(json_object_get(json_array_get(items, 0), "qty")),
      100);
  json_decref(j);
  /* The adjustment was billed here, and is not billed again. */
  snprintf(v, sizeof v,
           "SELECT count(*) FROM billing_adjustment WHERE"
           " applied_statement_id = %" JSON_INTEGER_FORMAT,
           id);
  sql_value(v, want, sizeof want);
  assert_string_equal(want, "1");
  /* Immutable: the statement and its lines refuse UPDATE and DELETE. */
  char dml[200];
  snprintf(dml, sizeof dml,
           "UPDATE billing_statement SET total = 0 WHERE id = "
           "%" JSON_INTEGER_FORMAT,
           id);
  sealed(dml);
  snprintf(dml, sizeof dml,
           "DELETE FROM billing_statement_line WHERE statement_id = "
           "%" JSON_INTEGER_FORMAT,
           id);
  sealed(dml);
  snprintf(dml, sizeof dml,
           "UPDATE billing_statement_line SET amount = amount + 1 WHERE"
           " statement_id = %" JSON_INTEGER_FORMAT,
           id);
  sealed(dml);
}

static void
snapshots_agree_with_the_ledger(void **state)
{
  (void)state;
  char n[32];
  /* Every day of last month: the stored (ledger) snapshot equals the
   * quants less the later moves. */
  sql_value("SELECT count(*) FROM generate_series(" M0 ", " M0
            " + interval '1 month' - interval '1 day', interval '1 day') g,"
            " LATERAL ((SELECT sku_id, location_id, on_hand FROM"
            " billing_stock_day WHERE day = g::date AND owner_id = " BC
            " EXCEPT SELECT * FROM bill_stock_quants(g::date, " BC "))"
            " UNION ALL (SELECT * FROM bill_stock_quants(g::date, " BC ")"
            " EXCEPT SELECT sku_id, location_id, on_hand FROM"
            " billing_stock_day WHERE day = g::date AND owner_id = " BC ")) x",
            n, sizeof n);
  assert_string_equal(n, "0");
  sql_value("SELECT count(*) FROM billing_stock_run WHERE day >= " M0
            "::date AND day < (" M0 " + interval '1 month')::date"
            " AND source = 'ledger' AND owner_id = " BC,
            n, sizeof n);
  assert_true(atoi(n) >= 28);
  /* BILLCO held stock on day 11 (70 BC-1 in BC-01, 10 BC-2 in BC-02). */
  sql_value("SELECT sum(on_hand) FROM billing_stock_day b JOIN owners o ON"
            " o.id = b.owner_id WHERE o.code = 'BILLCO' AND day = (" M0
            " + interval '11 days')::date",
            n, sizeof n);
  assert_string_equal(n, "80");
  /* The nightly job (owners with a price list): yesterday from the quants
   * equals yesterday from the ledger; a second call writes nothing. */
  sql("DELETE FROM billing_stock_day WHERE day = current_date - 1;"
      "DELETE FROM billing_stock_run WHERE day = current_date - 1");
  sql_value("SELECT bill_stock_nightly()", n, sizeof n);
  assert_true(atoi(n) >= 1);
  sql_value("SELECT bill_stock_nightly()", n, sizeof n);
  assert_string_equal(n, "0");
  sql_value(
      "SELECT count(*) FROM ((SELECT sku_id, location_id, on_hand FROM"
      " billing_stock_day WHERE day = current_date - 1 AND owner_id = " BC
      " EXCEPT SELECT * FROM bill_stock_ledger(current_date - 1, " BC
      ")) UNION ALL (SELECT * FROM bill_stock_ledger(current_date - 1, " BC
      ") EXCEPT SELECT sku_id, location_id, on_hand FROM"
      " billing_stock_day WHERE day = current_date - 1 AND owner_id = " BC
      ")) x",
      n, sizeof n);
  assert_string_equal(n, "0");
  sql_value("SELECT source FROM billing_stock_run WHERE day = current_date"
            " - 1 AND owner_id = " BC,
            n, sizeof n);
  assert_string_equal(n, "nightly");
}

static void
clients_read_their_own_statements_only(void **state)
{
  (void)state;
  api_step_ok(&srv, "POST", "/api/v1/users",
              "{\"username\":\"billco_client\",\"role\":\"client\",\"owner\":"
              "\"BILLCO\",\"password\":\"billing test password\"}",
              201);
  api_step_ok(&srv, "PUT", "/api/v1/owners/OTHERCO/billing-rules", GOOD_RULES,
              200);
  json_t *o = api_step(&srv, "POST", "/api/v1/owners/OTHERCO/statements",
                       "{\"month\":\"2025-01\"}", 201);
  json_int_t other = json_integer_value(json_object_get(o, "id"));
  json_decref(o);
  struct api_server c = srv;
  assert_int_equal(
      api_login(&srv, "billco_client", "billing test password", c.token, NULL),
      200);
  json_t *page =
      api_step(&c, "GET", "/api/v1/owners/BILLCO/statements", NULL, 200);
  json_t *items = json_object_get(page, "items");
  assert_int_equal(json_array_size(items), 2);
  json_int_t mine =
      json_integer_value(json_object_get(json_array_get(items, 0), "id"));
  json_decref(page);
  char path[160];
  snprintf(path, sizeof path,
           "/api/v1/owners/BILLCO/statements/%" JSON_INTEGER_FORMAT, mine);
  api_step_ok(&c, "GET", path, NULL, 200);
  api_step_code(&c, "GET", "/api/v1/owners/OTHERCO/statements", NULL, 404,
                "not_found");
  snprintf(path, sizeof path,
           "/api/v1/owners/OTHERCO/statements/%" JSON_INTEGER_FORMAT, other);
  api_step_code(&c, "GET", path, NULL, 404, "not_found");
  /* Another owner's statement under one's own code is not found either. */
  snprintf(path, sizeof path,
           "/api/v1/owners/BILLCO/statements/%" JSON_INTEGER_FORMAT, other);
  api_step_code(&c, "GET", path, NULL, 404, "not_found");
  api_step_code(&c, "POST", "/api/v1/owners/BILLCO/statements",
                "{\"month\":\"2025-02\"}", 403, "forbidden");
}

static void
statements_download_as_pdf_xlsx_and_csv(void **state)
{
  (void)state;
  char id[24], path[200];
  sql_value("SELECT max(b.id) FROM billing_statement b JOIN owners o ON"
            " o.id = b.owner_id WHERE o.code = 'BILLCO'",
            id, sizeof id);
  static const char *const langs[] = {"zh-CN", "en"};
  for (int l = 0; l < 2; l++) {
    struct api_reply rep;
    snprintf(path, sizeof path,
             "/api/v1/owners/BILLCO/statements/%s/statement.pdf?lang=%s", id,
             langs[l]);
    assert_true(api_call(&srv, "GET", path, NULL, 0, NULL, NULL, &rep));
    assert_int_equal(rep.status, 200);
    assert_true(rep.body_len > 4 && memcmp(rep.body, "%PDF", 4) == 0);
    api_reply_clear(&rep);
    snprintf(path, sizeof path,
             "/api/v1/owners/BILLCO/statements/%s/statement.xlsx?lang=%s", id,
             langs[l]);
    assert_true(api_call(&srv, "GET", path, NULL, 0, NULL, NULL, &rep));
    assert_int_equal(rep.status, 200);
    assert_true(rep.body_len > 2 && memcmp(rep.body, "PK", 2) == 0);
    api_reply_clear(&rep);
    snprintf(path, sizeof path,
             "/api/v1/owners/BILLCO/statements/%s/statement.csv?lang=%s", id,
             langs[l]);
    assert_true(api_call(&srv, "GET", path, NULL, 0, NULL, NULL, &rep));
    assert_int_equal(rep.status, 200);
    assert_non_null(strstr(rep.body, l == 0 ? "仓储费" : "Storage per m"));
    assert_non_null(strstr(rep.body, l == 0 ? "合计" : "Total"));
    api_reply_clear(&rep);
  }
  snprintf(path, sizeof path,
           "/api/v1/owners/BILLCO/statements/%s/statement.pdf?lang=fr", id);
  api_step_code(&srv, "GET", path, NULL, 400, "bad_query_param");
}

/* Line @a n (from 0) of statement @a st whose kind and code are @a kind
 * and @a code, or NULL. */
static json_t *
line_of(json_t *st, const char *kind, const char *code, int n)
{
  size_t i;
  json_t *l;
  json_array_foreach(json_object_get(st, "lines"), i, l)
  {
    if (strcmp(json_string_value(json_object_get(l, "kind")), kind) == 0 &&
        strcmp(json_string_value(json_object_get(l, "code")), code) == 0 &&
        n-- == 0)
      return l;
  }
  return NULL;
}

/*
 * Rates with an effective date: RATECO's list changes on the 15th of the
 * month before last; its statement charges the units received on the 3rd
 * at the first rate and those of the 20th at the second, storage split
 * the same way, each line naming its version, its days and its moves. A
 * month before any list has none in effect; once billed, a rate for a
 * day of that month is refused; a later day is scheduled.
 */
static void
rates_take_effect_on_their_day(void **state)
{
  (void)state;
  char body[600], q[900], d1[16], d15[16], v[64];
  api_step_ok(&srv, "POST", "/api/v1/owners",
              "{\"code\":\"RATECO\",\"name\":\"调价客户\"}", 201);
  api_step_ok(&srv, "POST", "/api/v1/products",
              "{\"sku\":\"RC-1\",\"name\":\"调价件\",\"owner\":\"RATECO\"}",
              201);
  snprintf(d1, sizeof d1, "%s-01", month_before);
  snprintf(d15, sizeof d15, "%s-15", month_before);
  for (int k = 0; k < 2; k++) {
    snprintf(q, sizeof q,
             "INSERT INTO stock_move (sku_id, qty, from_location_id,"
             " to_location_id, reason, document, created_at) SELECT s.id,"
             " %d, f.id, t.id, 'receipt', 'rate test', '%s'::date + %d +"
             " interval '10 hours' FROM sku s, location f, location t,"
             " warehouse w WHERE s.code = 'RC-1' AND w.code = 'W1' AND"
             " f.warehouse_id = w.id AND f.code = '@SUPPLIER' AND"
             " t.warehouse_id = w.id AND t.code = 'BC-02'",
             k == 0 ? 10 : 20, d1, k == 0 ? 2 : 19);
    sql(q);
  }
  /* Gone again a minute ago (the quants stay as they are). */
  sql("INSERT INTO stock_move (sku_id, qty, from_location_id,"
      " to_location_id, reason, document, created_at) SELECT s.id, 30, f.id,"
      " t.id, 'ship', 'rate test', now() - interval '1 minute' FROM sku s,"
      " location f, location t, warehouse w WHERE s.code = 'RC-1' AND"
      " w.code = 'W1' AND f.warehouse_id = w.id AND f.code = 'BC-02' AND"
      " t.warehouse_id = w.id AND t.code = '@CUSTOMER'");
  static const char *const list =
      "{\"storage\":{\"mode\":\"unit_day\",\"price\":\"%s\"},\"inbound\":{"
      "\"per_unit\":\"%s\",\"per_sscc\":0},\"outbound\":{\"per_order\":0,"
      "\"per_extra_line\":0,\"per_unit\":0},\"effective_from\":\"%s\"}";
  const char *path = "/api/v1/owners/RATECO/billing-rules";
  snprintf(body, sizeof body, list, "0.01", "1", d1);
  api_step_ok(&srv, "PUT", path, body, 200);
  snprintf(body, sizeof body, list, "0.02", "2", d15);
  api_step_ok(&srv, "PUT", path, body, 200);
  /* Before the first list's day: nothing in effect. */
  sql_value("SELECT to_char(" M0 " - interval '2 months', 'YYYY-MM')", v,
            sizeof v);
  snprintf(body, sizeof body, "{\"month\":\"%s\"}", v);
  refused("POST", "/api/v1/owners/RATECO/statements", body, 409,
          "billing_no_rules", NULL);
  snprintf(body, sizeof body, "{\"month\":\"%s\"}", month_before);
  json_t *st =
      api_step(&srv, "POST", "/api/v1/owners/RATECO/statements", body, 201);
  json_t *a = line_of(st, "inbound", "unit", 0);
  json_t *b = line_of(st, "inbound", "unit", 1);
  assert_non_null(a);
  assert_non_null(b);
  assert_true(json_number_value(json_object_get(a, "qty")) == 10);
  assert_true(json_number_value(json_object_get(a, "amount")) == 10);
  assert_int_equal(json_integer_value(json_object_get(a, "rules_version")), 1);
  assert_string_equal(json_string_value(json_object_get(a, "period_from")), d1);
  assert_true(json_number_value(json_object_get(b, "qty")) == 20);
  assert_true(json_number_value(json_object_get(b, "amount")) == 40);
  assert_int_equal(json_integer_value(json_object_get(b, "rules_version")), 2);
  assert_string_equal(json_string_value(json_object_get(b, "period_from")),
                      d15);
  assert_int_equal(
      json_array_size(json_object_get(json_object_get(b, "facts"), "moves")),
      1);
  assert_non_null(
      strstr(json_string_value(json_object_get(b, "description_en")), "-15"));
  /* Storage split at the 15th: days 3..14 at 10 units, the rest more. */
  json_t *s1 = line_of(st, "storage", "unit_day", 0);
  json_t *s2 = line_of(st, "storage", "unit_day", 1);
  assert_non_null(s1);
  assert_non_null(s2);
  assert_true(json_number_value(json_object_get(s1, "qty")) == 120);
  assert_true(json_number_value(json_object_get(s1, "unit_price")) == 0.01);
  assert_true(json_number_value(json_object_get(s2, "unit_price")) == 0.02);
  snprintf(v, sizeof v, "%s-14", month_before);
  assert_string_equal(json_string_value(json_object_get(s1, "period_to")), v);
  json_decref(st);
  /* That month is billed: no rate may take effect in it any more. */
  snprintf(v, sizeof v, "%s-20", month_before);
  snprintf(body, sizeof body, list, "0.03", "3", v);
  refused("PUT", path, body, 409, "billing_rule_effective_billed",
          "effective_from");
  /* A later day is scheduled; today's list stays in effect. */
  sql_value("SELECT to_char(current_date + 40, 'YYYY-MM-DD')", v, sizeof v);
  snprintf(body, sizeof body, list, "0.03", "3", v);
  json_t *j = api_step(&srv, "PUT", path, body, 200);
  assert_int_equal(json_integer_value(json_object_get(j, "version")), 2);
  json_t *h = json_array_get(json_object_get(j, "history"), 0);
  assert_int_equal(json_integer_value(json_object_get(h, "version")), 3);
  assert_string_equal(json_string_value(json_object_get(h, "state")),
                      "scheduled");
  json_decref(j);
}

/* SSCC of serial @a n with its GS1 check digit into @a out (19 bytes). */
static void
sscc_of(unsigned n, char *out)
{
  snprintf(out, 19, "39000000077%06u", n);
  int sum = 0;
  for (int i = 0; i < 17; i++)
    sum += (out[i] - '0') * (i % 2 == 0 ? 3 : 1);
  out[17] = (char)('0' + (10 - sum % 10) % 10);
  out[18] = '\0';
}

/*
 * Inbound per carton or per pallet: PKCO's ASN declares one SSCC a pallet
 * and leaves the other a carton; two receipts without an ASN say what
 * arrived (two pallets; nothing said: one carton). Its statement bills
 * two cartons and three pallets (not the SSCCs alike), each line naming
 * the SSCCs and receipts it charges for; a bad level is refused.
 */
static void
inbound_is_billed_per_carton_or_pallet(void **state)
{
  (void)state;
  char body[900], path[160], a[20], b[20], po[24], q[600];
  api_step_ok(&srv, "POST", "/api/v1/warehouses/W1/zones",
              "{\"code\":\"RCV\",\"type\":\"receiving\"}", 201);
  api_step_ok(&srv, "POST", "/api/v1/warehouses/W1/bins",
              "{\"code\":\"RCV-01\",\"zone\":\"RCV\"}", 201);
  api_step_ok(&srv, "POST", "/api/v1/owners",
              "{\"code\":\"PKCO\",\"name\":\"按箱托计费客户\"}", 201);
  api_step_ok(&srv, "POST", "/api/v1/products",
              "{\"sku\":\"PK-1\",\"name\":\"整托件\",\"owner\":\"PKCO\"}", 201);
  api_step_ok(&srv, "POST", "/api/v1/suppliers",
              "{\"code\":\"PK-SUP\",\"name\":\"箱托供应\",\"owner\":\"PKCO\"}",
              201);
  json_t *j = api_step(&srv, "POST", "/api/v1/purchase-orders",
                       "{\"supplier\":\"PK-SUP\",\"warehouse\":\"W1\","
                       "\"lines\":[{\"sku\":\"PK-1\",\"qty\":100,"
                       "\"unit_cost\":1}]}",
                       201);
  snprintf(po, sizeof po, "%" JSON_INTEGER_FORMAT,
           json_integer_value(json_object_get(j, "id")));
  json_decref(j);
  snprintf(q, sizeof q,
           "UPDATE purchase_order SET state = 'sent' WHERE id = %s", po);
  sql(q);
  sscc_of(1, a);
  sscc_of(2, b);
  snprintf(body, sizeof body,
           "{\"purchase_order\":%s,\"reference\":\"PK-ASN\",\"cartons\":["
           "{\"sscc\":\"%s\",\"package_level\":\"crate\",\"lines\":[{\"sku\":"
           "\"PK-1\",\"qty\":40}]}]}",
           po, a);
  refused("POST", "/api/v1/asns", body, 422, "package_level_invalid",
          "cartons[0].package_level");
  snprintf(body, sizeof body,
           "{\"purchase_order\":%s,\"reference\":\"PK-ASN\",\"cartons\":["
           "{\"sscc\":\"%s\",\"package_level\":\"pallet\",\"lines\":[{\"sku\":"
           "\"PK-1\",\"qty\":40}]},{\"sscc\":\"%s\",\"lines\":[{\"sku\":"
           "\"PK-1\",\"qty\":10}]}]}",
           po, a, b);
  api_step_ok(&srv, "POST", "/api/v1/asns", body, 201);
  char lv[64];
  sql_value("SELECT string_agg(package_level, ',' ORDER BY sscc) FROM"
            " asn_carton WHERE sscc LIKE '39000000077%'",
            lv, sizeof lv);
  assert_string_equal(lv, "pallet,carton");
  for (int i = 0; i < 2; i++) {
    snprintf(body, sizeof body, "{\"code\":\"%s\"}", i == 0 ? a : b);
    api_step_ok(&srv, "POST", "/api/v1/receiving/sscc", body, 201);
  }
  snprintf(path, sizeof path, "/api/v1/purchase-orders/%s/receipts", po);
  refused("POST", path,
          "{\"lines\":[{\"sku\":\"PK-1\",\"qty\":5}],\"package_level\":"
          "\"box\"}",
          422, "package_level_invalid", "package_level");
  api_step_ok(&srv, "POST", path,
              "{\"lines\":[{\"sku\":\"PK-1\",\"qty\":5}],\"package_level\":"
              "\"pallet\",\"packages\":2}",
              201);
  api_step_ok(&srv, "POST", path, "{\"lines\":[{\"sku\":\"PK-1\",\"qty\":3}]}",
              201);
  /* All of it last month. */
  snprintf(q, sizeof q,
           "UPDATE asn_carton SET received_at = " M0
           " + interval '5 days' WHERE sscc IN ('%s', '%s');"
           "UPDATE receipt SET received_at = " M0
           " + interval '6 days' WHERE po_id = %s",
           a, b, po);
  sql(q);
  api_step_ok(&srv, "PUT", "/api/v1/owners/PKCO/billing-rules",
              "{\"storage\":{\"mode\":\"unit_day\",\"price\":0},\"inbound\":{"
              "\"per_unit\":0,\"per_sscc\":100,\"per_carton\":\"1.5\","
              "\"per_pallet\":9},\"outbound\":{\"per_order\":0,"
              "\"per_extra_line\":0,\"per_unit\":0}}",
              200);
  snprintf(body, sizeof body, "{\"month\":\"%s\"}", month);
  json_t *st =
      api_step(&srv, "POST", "/api/v1/owners/PKCO/statements", body, 201);
  assert_null(line_of(st, "inbound", "sscc", 0));
  json_t *c = line_of(st, "inbound", "carton", 0);
  json_t *p = line_of(st, "inbound", "pallet", 0);
  assert_non_null(c);
  assert_non_null(p);
  assert_true(json_number_value(json_object_get(c, "qty")) == 2);
  assert_true(json_number_value(json_object_get(c, "amount")) == 3);
  assert_true(json_number_value(json_object_get(p, "qty")) == 3);
  assert_true(json_number_value(json_object_get(p, "amount")) == 27);
  assert_true(json_number_value(json_object_get(st, "total")) == 30);
  assert_int_equal(
      json_array_size(json_object_get(json_object_get(p, "facts"), "sscc")), 1);
  assert_int_equal(
      json_array_size(json_object_get(json_object_get(p, "facts"), "receipts")),
      1);
  /* The pallet line's facts: the SSCC and the receipt of two pallets. */
  snprintf(path, sizeof path,
           "/api/v1/owners/PKCO/statements/%" JSON_INTEGER_FORMAT
           "/lines/%" JSON_INTEGER_FORMAT "/facts",
           json_integer_value(json_object_get(st, "id")),
           json_integer_value(json_object_get(p, "n")));
  json_t *f = api_step(&srv, "GET", path, NULL, 200);
  json_t *items = json_object_get(f, "items");
  assert_int_equal(json_array_size(items), 2);
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(items, 0), "sscc")), a);
  assert_int_equal(
      json_integer_value(json_object_get(json_array_get(items, 1), "packages")),
      2);
  json_decref(f);
  json_decref(st);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(price_lists_are_checked_and_versioned),
      cmocka_unit_test(services_are_recorded_on_orders),
      cmocka_unit_test(statements_equal_the_ledger_to_the_cent),
      cmocka_unit_test(snapshots_agree_with_the_ledger),
      cmocka_unit_test(clients_read_their_own_statements_only),
      cmocka_unit_test(statements_download_as_pdf_xlsx_and_csv),
      cmocka_unit_test(rates_take_effect_on_their_day),
      cmocka_unit_test(inbound_is_billed_per_carton_or_pallet),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
