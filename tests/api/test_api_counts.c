/*
 * Cycle counts over HTTP: blind tasks, snapshots at scan time (a pick
 * between count creation and the scan is no variance), thresholds, the
 * lead's approve/reject, bins done with unscanned stock, replays.
 */
#include "api_harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "api_steps.h"

static struct api_server srv;

/* The scenario's server, in every step. */
#define call(m, p, b, st) api_step(&srv, m, p, b, st)
#define ok(m, p, b, st) api_step_ok(&srv, m, p, b, st)
#define expect_code(m, p, b, st, c) api_step_code(&srv, m, p, b, st, c)

static int64_t
on_hand(const char *sku, const char *bin)
{
  char path[128];
  snprintf(path, sizeof path, "/api/v1/stock?sku=%s&bin=%s", sku, bin);
  json_t *j = call("GET", path, NULL, 200);
  json_t *item = json_array_get(json_object_get(j, "items"), 0);
  int64_t v = json_integer_value(json_object_get(item, "on_hand"));
  json_decref(j);
  return v;
}

static int
setup(void **state)
{
  if (!api_server_start(&srv, "api_counts", false, NULL))
    return -1;
  ok("POST", "/api/v1/warehouses", "{\"code\":\"W1\",\"name\":\"w\"}", 201);
  ok("POST", "/api/v1/warehouses/W1/zones",
     "{\"code\":\"P\",\"type\":\"pick\"}", 201);
  ok("POST", "/api/v1/warehouses/W1/bins/generate",
     "{\"zone\":\"P\",\"aisles\":\"A\",\"racks\":\"1-3\","
     "\"pattern\":\"{aisle}-{rack:02}\"}",
     201);
  ok("POST", "/api/v1/products", "{\"sku\":\"C1\",\"name\":\"cup\"}", 201);
  ok("POST", "/api/v1/products",
     "{\"sku\":\"T1\",\"name\":\"tea\",\"expiry_tracked\":true}", 201);
  const char *adj[] = {
      "{\"warehouse\":\"W1\",\"bin\":\"A-01\",\"sku\":\"C1\",\"qty_delta\":10}",
      "{\"warehouse\":\"W1\",\"bin\":\"A-02\",\"sku\":\"C1\",\"qty_delta\":5}",
      "{\"warehouse\":\"W1\",\"bin\":\"A-02\",\"sku\":\"T1\",\"qty_delta\":4,"
      "\"lot\":\"LA\",\"expiry\":\"2099-01-01\"}",
  };
  for (int i = 0; i < 3; i++)
    ok("POST", "/api/v1/stock/adjustments", adj[i], 201);
  return 0;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

static void
blind_count_with_snapshots_thresholds_and_approval(void **state)
{
  json_t *c = call("POST", "/api/v1/warehouses/W1/counts",
                   "{\"bins\":[\"a-01\",\"A-02\"],\"threshold\":1}", 201);
  int64_t id = json_integer_value(json_object_get(c, "id"));
  json_decref(c);
  char p[128], tasks[128], entries[128];
  snprintf(tasks, sizeof tasks, "/api/v1/counts/%lld/tasks", (long long)id);
  snprintf(entries, sizeof entries, "/api/v1/counts/%lld/entries",
           (long long)id);
  struct api_reply r;
  assert_true(api_json(&srv, "GET", tasks, NULL, &r));
  assert_int_equal(r.status, 200);
  assert_null(strstr(r.body, "expected"));
  assert_null(strstr(r.body, "on_hand"));
  assert_non_null(strstr(r.body, "A-02"));
  api_reply_clear(&r);
  /* -1 is within the threshold: posted at once. */
  ok("POST", entries,
     "{\"bin\":\"A-01\",\"sku\":\"C1\",\"qty\":9,\"idempotency_key\":\"c1\"}",
     200);
  assert_int_equal(on_hand("C1", "A-01"), 9);
  ok("POST", entries,
     "{\"bin\":\"A-01\",\"sku\":\"C1\",\"qty\":9,\"idempotency_key\":\"c1\"}",
     200);
  assert_int_equal(on_hand("C1", "A-01"), 9);
  /* A pick after the count opened but before the scan is no variance. */
  ok("POST", "/api/v1/stock/moves",
     "{\"sku\":\"C1\",\"from_bin\":\"A-02\",\"to_bin\":\"A-03\",\"qty\":2}",
     201);
  ok("POST", entries, "{\"bin\":\"A-02\",\"sku\":\"C1\",\"qty\":3}", 200);
  assert_int_equal(on_hand("C1", "A-02"), 3);
  /* -3 is beyond the threshold: waits for the lead. */
  ok("POST", entries,
     "{\"bin\":\"A-02\",\"sku\":\"T1\",\"lot\":\"LA\",\"qty\":1}", 200);
  assert_int_equal(on_hand("T1", "A-02"), 4);
  expect_code("POST", entries, "{\"bin\":\"A-03\",\"sku\":\"C1\",\"qty\":1}",
              422, "bin_not_in_count");
  expect_code("POST", entries,
              "{\"bin\":\"A-02\",\"sku\":\"T1\",\"lot\":\"ZZ\",\"qty\":1}", 422,
              "unknown_lot");
  expect_code("POST", entries,
              "{\"bin\":\"A-02\",\"sku\":\"C1\",\"lot\":\"LA\",\"qty\":1}", 422,
              "lot_not_tracked");
  expect_code("POST", entries, "{\"bin\":\"A-02\",\"sku\":\"T1\",\"qty\":1}",
              422, "lot_required");
  expect_code("POST", entries, "{\"bin\":\"A-02\",\"sku\":\"C1\",\"qty\":-1}",
              422, "out_of_range");
  snprintf(p, sizeof p, "/api/v1/counts/%lld/bins/A-02/done", (long long)id);
  ok("POST", p, NULL, 200);
  snprintf(p, sizeof p, "/api/v1/counts/%lld", (long long)id);
  json_t *full = call("GET", p, NULL, 200);
  json_t *lines = json_object_get(full, "lines");
  int64_t waiting = 0;
  size_t i;
  json_t *ln;
  json_array_foreach(lines, i, ln)
  {
    if (strcmp(json_string_value(json_object_get(ln, "state")),
               "needs_approval") == 0) {
      waiting = json_integer_value(json_object_get(ln, "id"));
      assert_int_equal(json_integer_value(json_object_get(ln, "variance")), -3);
    }
  }
  json_decref(full);
  assert_true(waiting > 0);
  snprintf(p, sizeof p, "/api/v1/counts/%lld/lines/%lld/approve", (long long)id,
           (long long)waiting);
  ok("POST", p, NULL, 200);
  assert_int_equal(on_hand("T1", "A-02"), 1);
  expect_code("POST", p, NULL, 409, "count_line_not_waiting");
  snprintf(p, sizeof p, "/api/v1/counts/%lld/close", (long long)id);
  ok("POST", p, NULL, 200);
  expect_code("POST", p, NULL, 409, "count_not_open");
  expect_code("POST", entries, "{\"bin\":\"A-01\",\"sku\":\"C1\",\"qty\":1}",
              409, "count_not_open");
  ok("GET", "/api/v1/counts/999999", NULL, 404);
}

static void
rejected_line_is_counted_again_and_missing_stock_counts_zero(void **state)
{
  json_t *c = call("POST", "/api/v1/warehouses/W1/counts",
                   "{\"zone\":\"P\",\"threshold\":0}", 201);
  int64_t id = json_integer_value(json_object_get(c, "id"));
  assert_int_equal(json_array_size(json_object_get(c, "bins")), 3);
  json_decref(c);
  char entries[128], p[128];
  snprintf(entries, sizeof entries, "/api/v1/counts/%lld/entries",
           (long long)id);
  /* A-03 holds 2 (moved there above); the counter sees 5. */
  ok("POST", entries, "{\"bin\":\"A-03\",\"sku\":\"C1\",\"qty\":5}", 200);
  snprintf(p, sizeof p, "/api/v1/counts/%lld", (long long)id);
  json_t *full = call("GET", p, NULL, 200);
  int64_t line = json_integer_value(
      json_object_get(json_array_get(json_object_get(full, "lines"), 0), "id"));
  json_decref(full);
  snprintf(p, sizeof p, "/api/v1/counts/%lld/lines/%lld/reject", (long long)id,
           (long long)line);
  ok("POST", p, NULL, 200);
  ok("POST", entries, "{\"bin\":\"A-03\",\"sku\":\"C1\",\"qty\":2}", 200);
  assert_int_equal(on_hand("C1", "A-03"), 2);
  /* Nothing scanned in A-01 before done: its 9 units count as 0. */
  snprintf(p, sizeof p, "/api/v1/counts/%lld/bins/A-01/done", (long long)id);
  ok("POST", p, NULL, 200);
  assert_int_equal(on_hand("C1", "A-01"), 9);
  snprintf(p, sizeof p, "/api/v1/counts/%lld", (long long)id);
  full = call("GET", p, NULL, 200);
  size_t i;
  json_t *ln;
  int found = 0;
  json_array_foreach(json_object_get(full, "lines"), i, ln)
  {
    if (strcmp(json_string_value(json_object_get(ln, "bin")), "A-01") == 0) {
      assert_int_equal(json_integer_value(json_object_get(ln, "counted")), 0);
      assert_int_equal(json_integer_value(json_object_get(ln, "expected")), 9);
      found++;
    }
  }
  json_decref(full);
  assert_int_equal(found, 1);
  ok("POST", "/api/v1/warehouses/W1/counts", "{\"zone\":\"NOPE\"}", 422);
  ok("POST", "/api/v1/warehouses/W1/counts", "{\"bins\":[\"A-09\"]}", 422);
  ok("POST", "/api/v1/warehouses/W1/counts", "{}", 422);
}

static void
counters_list_the_counts_without_quantities(void **state)
{
  assert_true(
      api_add_user(&srv, "counter", "picker", "W1", "counter password 1"));
  struct api_server picker = srv;
  assert_int_equal(
      api_login(&srv, "counter", "counter password 1", picker.token, NULL),
      200);
  const char *list = "/api/v1/warehouses/W1/counts";
  struct api_reply r;
  assert_true(api_json(&picker, "GET", list, NULL, &r));
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body, "\"bins\""));
  assert_null(strstr(r.body, "expected"));
  assert_null(strstr(r.body, "counted"));
  assert_null(strstr(r.body, "variance"));
  api_reply_clear(&r);
  /* The lead, who approves variances, sees them. */
  assert_true(api_json(&srv, "GET", list, NULL, &r));
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body, "expected"));
  api_reply_clear(&r);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(blind_count_with_snapshots_thresholds_and_approval),
      cmocka_unit_test(counters_list_the_counts_without_quantities),
      cmocka_unit_test(
          rejected_line_is_counted_again_and_missing_stock_counts_zero),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
