/*
 * After-sales (issue 19) through the API on the demo business: what an
 * order's returns ask back never exceeds what shipped, even when twenty
 * requests race for the last unit; received units land in the returns
 * bin through the ledger and go on to a bin, quarantine or scrap; refunds
 * stay within what was paid; each step follows the RMA's states and
 * shows on the order's timeline. The harness runs `depot check stock`
 * when the server stops, so every step must keep the ledger whole.
 */
#include "api_harness.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api_steps.h"

enum { RACERS = 20 };

static struct api_server srv;

static int
setup(void **state)
{
  (void)state;
  if (!api_server_start(&srv, "api_returns", false, NULL))
    return -1;
  return api_seed_demo(&srv) ? 0 : -1;
}

static int
teardown(void **state)
{
  (void)state;
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

static int64_t
sql_int(const char *sql)
{
  char out[64];
  assert_true(api_sql_text(&srv, sql, out, sizeof out));
  return strtoll(out, NULL, 10);
}

/* A shipped demo order of ZZ1 none of whose SKUs is lot-tracked and
 * without RMAs, with a line of at least @a qty units: its id, the line's
 * SKU into @a sku. Each call finds another order (those with RMAs are
 * skipped). */
static int64_t
shipped_order(int qty, char *sku, size_t len)
{
  char sql[900];
  snprintf(sql, sizeof sql,
           "SELECT o.id || ' ' || min(k.code) FROM sales_order o"
           " JOIN warehouse w ON w.id = o.warehouse_id"
           " JOIN order_line l ON l.order_id = o.id JOIN sku k"
           " ON k.id = l.sku_id WHERE w.code = 'ZZ1' AND o.state = 'shipped'"
           " AND l.qty >= %d AND NOT k.lot_tracked AND NOT EXISTS (SELECT 1"
           " FROM rma WHERE order_id = o.id) AND NOT EXISTS (SELECT 1 FROM"
           " order_line x JOIN sku y ON y.id = x.sku_id WHERE x.order_id ="
           " o.id AND y.lot_tracked) GROUP BY o.id ORDER BY o.id LIMIT 1",
           qty);
  char out[128];
  assert_true(api_sql_text(&srv, sql, out, sizeof out));
  char *sp = strchr(out, ' ');
  assert_non_null(sp);
  snprintf(sku, len, "%s", sp + 1);
  return strtoll(out, NULL, 10);
}

/* Units of @a sku on order @a order's lines. */
static int64_t
ordered(int64_t order, const char *sku)
{
  char sql[300];
  snprintf(sql, sizeof sql,
           "SELECT sum(l.qty) FROM order_line l JOIN sku k ON k.id = l.sku_id"
           " WHERE l.order_id = %lld AND k.code = '%s'",
           (long long)order, sku);
  return sql_int(sql);
}

/* Creates an RMA of @a qty of @a sku on @a order; its id. */
static int64_t
rma_for(int64_t order, const char *sku, int64_t qty, const char *key)
{
  char body[400];
  snprintf(body, sizeof body,
           "{\"order\":%lld,\"lines\":[{\"sku\":\"%s\",\"qty\":%lld,"
           "\"reason\":\"size_colour\"}],\"resolution\":\"refund\","
           "\"idempotency_key\":\"%s\"}",
           (long long)order, sku, (long long)qty, key);
  json_t *j = api_step(&srv, "POST", "/api/v1/returns", body, 201);
  assert_string_equal(json_string_value(json_object_get(j, "state")),
                      "authorized");
  int64_t id = json_integer_value(json_object_get(j, "id"));
  json_decref(j);
  return id;
}

struct racer {
  char body[400];
  pthread_barrier_t *start;
  struct api_reply reply;
};

static void *
race_one(void *arg)
{
  struct racer *r = arg;
  pthread_barrier_wait(r->start);
  api_json(&srv, "POST", "/api/v1/returns", r->body, &r->reply);
  return NULL;
}

static void
twenty_racing_returns_for_the_last_unit_let_exactly_one_through(void **state)
{
  (void)state;
  char sku[80];
  int64_t order = shipped_order(2, sku, sizeof sku);
  int64_t n = ordered(order, sku);
  rma_for(order, sku, n - 1, "race-first");
  pthread_barrier_t start;
  pthread_barrier_init(&start, NULL, RACERS);
  struct racer rs[RACERS];
  pthread_t th[RACERS];
  for (int i = 0; i < RACERS; i++) {
    rs[i] = (struct racer){.start = &start};
    snprintf(rs[i].body, sizeof rs[i].body,
             "{\"order\":%lld,\"lines\":[{\"sku\":\"%s\",\"qty\":1}],"
             "\"idempotency_key\":\"race-%d\"}",
             (long long)order, sku, i);
    pthread_create(&th[i], NULL, race_one, &rs[i]);
  }
  int won = 0, refused = 0;
  for (int i = 0; i < RACERS; i++) {
    pthread_join(th[i], NULL);
    won += rs[i].reply.status == 201;
    if (rs[i].reply.status == 409 &&
        strcmp(api_error_code(&rs[i].reply), "return_exceeds_shipped") == 0)
      refused++;
    api_reply_clear(&rs[i].reply);
  }
  pthread_barrier_destroy(&start);
  assert_int_equal(won, 1);
  assert_int_equal(refused, RACERS - 1);
  char sql[200];
  snprintf(sql, sizeof sql,
           "SELECT returned FROM rma_returnable(%lld) WHERE sku = '%s'",
           (long long)order, sku);
  assert_int_equal(sql_int(sql), n);
  /* The refusal says what may still come back. */
  char body[300];
  snprintf(body, sizeof body,
           "{\"order\":%lld,\"lines\":[{\"sku\":\"%s\",\"qty\":1}]}",
           (long long)order, sku);
  struct api_reply r = {0};
  assert_true(api_json(&srv, "POST", "/api/v1/returns", body, &r));
  assert_int_equal(r.status, 409);
  assert_string_equal(api_error_field(&r), "lines[0].qty");
  assert_non_null(strstr(r.body, "0 returnable"));
  api_reply_clear(&r);
}

/* Stock of @a sku in bin @a bin of ZZ1. */
static int64_t
in_bin(const char *sku, const char *bin)
{
  char sql[400];
  snprintf(sql, sizeof sql,
           "SELECT coalesce(sum(q.on_hand), 0) FROM stock_quant q JOIN sku k"
           " ON k.id = q.sku_id JOIN location l ON l.id = q.location_id"
           " WHERE k.code = '%s' AND l.code = '%s'",
           sku, bin);
  return sql_int(sql);
}

static void
returned_units_land_in_the_returns_bin_and_go_on_through_the_ledger(
    void **state)
{
  (void)state;
  char sku[80], path[96], body[600];
  int64_t order = shipped_order(2, sku, sizeof sku);
  int64_t id = rma_for(order, sku, 2, "flow-rma");
  int64_t moves = sql_int("SELECT count(*) FROM stock_move");
  int64_t ret0 = in_bin(sku, "RET-01"), qa0 = in_bin(sku, "QA-01");
  snprintf(path, sizeof path, "/api/v1/returns/%lld/receive", (long long)id);
  snprintf(body, sizeof body,
           "{\"lines\":[{\"sku\":\"%s\",\"qty\":1,\"condition\":\"sellable\"},"
           "{\"sku\":\"%s\",\"qty\":1,\"condition\":\"damaged\"}],"
           "\"idempotency_key\":\"flow-recv\"}",
           sku, sku);
  json_t *j = api_step(&srv, "POST", path, body, 200);
  assert_string_equal(json_string_value(json_object_get(j, "state")),
                      "received");
  json_decref(j);
  assert_int_equal(in_bin(sku, "RET-01"), ret0 + 2);
  assert_int_equal(sql_int("SELECT count(*) FROM stock_move"), moves + 2);
  /* Units in the returns zone are not for sale until disposed of. */
  char sql[500];
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM stock_quant q JOIN location l ON l.id ="
           " q.location_id JOIN sku k ON k.id = q.sku_id WHERE l.code ="
           " 'RET-01' AND k.code = '%s' AND q.reserved > 0",
           sku);
  assert_int_equal(sql_int(sql), 0);
  /* Closing first is refused: units wait for their disposition. */
  snprintf(path, sizeof path, "/api/v1/returns/%lld/close", (long long)id);
  api_step_code(&srv, "POST", path, NULL, 409, "rma_not_disposed");
  /* Restock into a bin that holds the SKU already. */
  char home[40];
  snprintf(sql, sizeof sql,
           "SELECT min(l.code) FROM stock_quant q JOIN location l ON l.id ="
           " q.location_id JOIN zone z ON z.id = l.zone_id JOIN sku k ON k.id"
           " = q.sku_id WHERE k.code = '%s' AND z.type IN ('pick', 'reserve')"
           " AND q.on_hand > 0 AND NOT l.blocked",
           sku);
  assert_true(api_sql_text(&srv, sql, home, sizeof home));
  int64_t home0 = in_bin(sku, home);
  snprintf(path, sizeof path, "/api/v1/returns/%lld/dispose", (long long)id);
  snprintf(body, sizeof body,
           "{\"lines\":[{\"sku\":\"%s\",\"qty\":1,\"action\":\"restock\","
           "\"bin\":\"%s\",\"condition\":\"sellable\"},"
           "{\"sku\":\"%s\",\"qty\":1,\"action\":\"quarantine\","
           "\"condition\":\"damaged\"}],\"idempotency_key\":\"flow-disp\"}",
           sku, home, sku);
  struct api_reply r = {0};
  assert_true(api_json(&srv, "POST", path, body, &r));
  if (r.status != 200)
    fail_msg("dispose: %ld %s", r.status, r.body);
  api_reply_clear(&r);
  assert_int_equal(in_bin(sku, "RET-01"), ret0);
  assert_int_equal(in_bin(sku, "QA-01"), qa0 + 1);
  assert_int_equal(in_bin(sku, home), home0 + 1);
  /* More than is left is refused and changes nothing. */
  int64_t now = sql_int("SELECT count(*) FROM stock_move");
  snprintf(body, sizeof body,
           "{\"lines\":[{\"sku\":\"%s\",\"qty\":1,\"action\":\"scrap\"}]}",
           sku);
  api_step_code(&srv, "POST", path, body, 409, "dispose_exceeds_received");
  assert_int_equal(sql_int("SELECT count(*) FROM stock_move"), now);
  snprintf(path, sizeof path, "/api/v1/returns/%lld/close", (long long)id);
  j = api_step(&srv, "POST", path, "{\"note\":\"done\"}", 200);
  assert_string_equal(json_string_value(json_object_get(j, "state")), "closed");
  assert_true(json_array_size(json_object_get(j, "timeline")) >= 4);
  json_decref(j);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM order_event WHERE order_id = %lld AND code"
           " LIKE 'rma_%%'",
           (long long)order);
  assert_true(sql_int(sql) >= 4);
}

static void
an_item_not_on_the_order_comes_in_only_when_a_lead_accepts_it(void **state)
{
  (void)state;
  char sku[80], path[96], body[400];
  int64_t order = shipped_order(1, sku, sizeof sku);
  int64_t id = rma_for(order, sku, 1, "odd-rma");
  char other[80];
  char sql[300];
  snprintf(sql, sizeof sql,
           "SELECT min(code) FROM sku WHERE NOT lot_tracked AND id NOT IN"
           " (SELECT sku_id FROM order_line WHERE order_id = %lld"
           " AND sku_id IS NOT NULL)",
           (long long)order);
  assert_true(api_sql_text(&srv, sql, other, sizeof other));
  snprintf(path, sizeof path, "/api/v1/returns/%lld/receive", (long long)id);
  snprintf(body, sizeof body, "{\"lines\":[{\"sku\":\"%s\",\"qty\":1}]}",
           other);
  int64_t moves = sql_int("SELECT count(*) FROM stock_move");
  api_step_code(&srv, "POST", path, body, 409, "not_on_order");
  assert_int_equal(sql_int("SELECT count(*) FROM stock_move"), moves);
  snprintf(body, sizeof body,
           "{\"lines\":[{\"sku\":\"%s\",\"qty\":1}],\"accept_unexpected\":"
           "true}",
           other);
  json_t *j = api_step(&srv, "POST", path, body, 200);
  json_t *line = json_array_get(json_object_get(j, "lines"), 1);
  assert_true(json_is_true(json_object_get(line, "unexpected")));
  json_decref(j);
  /* More of the order's own SKU than shipped is refused. */
  snprintf(body, sizeof body, "{\"lines\":[{\"sku\":\"%s\",\"qty\":%lld}]}",
           sku, (long long)ordered(order, sku) + 1);
  api_step_code(&srv, "POST", path, body, 409, "receive_exceeds_authorized");
}

static void
refunds_stay_within_what_the_returned_lines_were_paid(void **state)
{
  (void)state;
  char sku[80], path[96], body[300], sql[300];
  int64_t order = shipped_order(1, sku, sizeof sku);
  int64_t id = rma_for(order, sku, 1, "refund-rma");
  snprintf(sql, sizeof sql,
           "SELECT (qty * unit_price * 100)::bigint FROM rma_line WHERE"
           " rma_id = %lld",
           (long long)id);
  int64_t cents = sql_int(sql);
  snprintf(path, sizeof path, "/api/v1/returns/%lld/refund", (long long)id);
  snprintf(body, sizeof body, "{\"amount\":\"%lld.%02lld\"}",
           (long long)(cents + 1) / 100, (long long)(cents + 1) % 100);
  api_step_code(&srv, "POST", path, body, 409, "refund_exceeds_paid");
  snprintf(body, sizeof body,
           "{\"amount\":\"%lld.%02lld\",\"method\":\"original\","
           "\"idempotency_key\":\"refund-1\"}",
           (long long)cents / 100, (long long)cents % 100);
  json_t *j = api_step(&srv, "POST", path, body, 200);
  assert_int_equal(json_array_size(json_object_get(j, "refunds")), 1);
  json_decref(j);
  /* The same request again is the first answer; another body with the
   * key is a conflict; a second refund finds nothing left. */
  j = api_step(&srv, "POST", path, body, 200);
  assert_true(json_is_true(json_object_get(j, "replayed")));
  json_decref(j);
  api_step_code(&srv, "POST", path,
                "{\"amount\":\"0.01\",\"idempotency_key\":\"refund-1\"}", 409,
                "idempotency_conflict");
  api_step_code(&srv, "POST", path, "{\"amount\":\"0.01\"}", 409,
                "refund_exceeds_paid");
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM rma_refund WHERE rma_id = %lld",
           (long long)id);
  assert_int_equal(sql_int(sql), 1);
}

static void
a_parcel_is_found_by_rma_or_order_number(void **state)
{
  (void)state;
  char sku[80], path[160], number[32], ext[64];
  int64_t order = shipped_order(1, sku, sizeof sku);
  int64_t id = rma_for(order, sku, 1, "lookup-rma");
  char sql[200];
  snprintf(sql, sizeof sql, "SELECT number FROM rma WHERE id = %lld",
           (long long)id);
  assert_true(api_sql_text(&srv, sql, number, sizeof number));
  snprintf(sql, sizeof sql,
           "SELECT external_id FROM sales_order WHERE id = %lld",
           (long long)order);
  assert_true(api_sql_text(&srv, sql, ext, sizeof ext));
  const char *codes[] = {number, ext};
  for (size_t i = 0; i < 2; i++) {
    snprintf(path, sizeof path, "/api/v1/returns/lookup?code=%s", codes[i]);
    json_t *j = api_step(&srv, "GET", path, NULL, 200);
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(j, "rma"), "id")),
        id);
    json_decref(j);
  }
  json_t *j =
      api_step(&srv, "GET", "/api/v1/returns/lookup?code=NOPE-1", NULL, 200);
  assert_true(json_is_null(json_object_get(j, "rma")));
  json_decref(j);
  /* The list finds it by order number, newest first. */
  snprintf(path, sizeof path, "/api/v1/returns?q=%s", ext);
  j = api_step(&srv, "GET", path, NULL, 200);
  assert_int_equal(json_integer_value(json_object_get(
                       json_array_get(json_object_get(j, "items"), 0), "id")),
                   id);
  json_decref(j);
}

static void
an_order_that_has_not_shipped_has_nothing_to_return(void **state)
{
  (void)state;
  int64_t order = sql_int("SELECT min(id) FROM sales_order WHERE state ="
                          " 'allocated'");
  char body[200];
  snprintf(body, sizeof body,
           "{\"order\":%lld,\"lines\":[{\"sku\":\"X\",\"qty\":1}]}",
           (long long)order);
  int64_t before = sql_int("SELECT count(*) FROM rma");
  api_step_code(&srv, "POST", "/api/v1/returns", body, 409,
                "order_not_shipped");
  api_step_code(&srv, "POST", "/api/v1/returns",
                "{\"order\":1,\"lines\":[{\"sku\":\"X\",\"qty\":1,"
                "\"reason\":\"bored\"}]}",
                422, "invalid_value");
  assert_int_equal(sql_int("SELECT count(*) FROM rma"), before);
}

static void
the_demo_has_an_exchange_and_a_refund_without_goods(void **state)
{
  (void)state;
  /* demo_returns: an exchange whose free order is linked back ... */
  assert_int_equal(sql_int("SELECT count(*) FROM rma m JOIN sales_order o ON"
                           " o.id = m.exchange_order_id WHERE o.rma_id = m.id"
                           " AND o.total = 0 AND m.exchange_kind ="
                           " 'exchange'"),
                   1);
  /* ... and a channel's price adjustment: a refund, no return lines. */
  assert_int_equal(sql_int("SELECT count(*) FROM rma m WHERE m.origin ="
                           " 'channel' AND NOT EXISTS (SELECT 1 FROM rma_line"
                           " WHERE rma_id = m.id) AND EXISTS (SELECT 1 FROM"
                           " rma_refund WHERE rma_id = m.id AND"
                           " channel_refund_id LIKE 'demo-adjust-%')"),
                   1);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(the_demo_has_an_exchange_and_a_refund_without_goods),
      cmocka_unit_test(
          twenty_racing_returns_for_the_last_unit_let_exactly_one_through),
      cmocka_unit_test(
          returned_units_land_in_the_returns_bin_and_go_on_through_the_ledger),
      cmocka_unit_test(
          an_item_not_on_the_order_comes_in_only_when_a_lead_accepts_it),
      cmocka_unit_test(refunds_stay_within_what_the_returned_lines_were_paid),
      cmocka_unit_test(a_parcel_is_found_by_rma_or_order_number),
      cmocka_unit_test(an_order_that_has_not_shipped_has_nothing_to_return),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
