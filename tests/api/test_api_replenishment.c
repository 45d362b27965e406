/*
 * Replenishment over HTTP: a pick bin falling below its minimum gets
 * tasks from reserve bins up to its maximum, at once and only once;
 * confirming a task moves the stock, idempotently.
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
in_bin(const char *bin)
{
  char path[128];
  snprintf(path, sizeof path, "/api/v1/stock?sku=C1&bin=%s", bin);
  json_t *j = call("GET", path, NULL, 200);
  json_t *item = json_array_get(json_object_get(j, "items"), 0);
  int64_t v = json_integer_value(json_object_get(item, "on_hand"));
  json_decref(j);
  return v;
}

static void
adjust(const char *bin, int delta)
{
  char body[200];
  snprintf(body, sizeof body,
           "{\"warehouse\":\"W1\",\"bin\":\"%s\",\"sku\":\"C1\","
           "\"qty_delta\":%d}",
           bin, delta);
  ok("POST", "/api/v1/stock/adjustments", body, 201);
}

static int
setup(void **state)
{
  if (!api_server_start(&srv, "api_replenishment", false, NULL))
    return -1;
  ok("POST", "/api/v1/warehouses", "{\"code\":\"W1\",\"name\":\"w\"}", 201);
  ok("POST", "/api/v1/warehouses/W1/zones",
     "{\"code\":\"P\",\"type\":\"pick\"}", 201);
  ok("POST", "/api/v1/warehouses/W1/zones",
     "{\"code\":\"R\",\"type\":\"reserve\"}", 201);
  ok("POST", "/api/v1/warehouses/W1/bins", "{\"code\":\"P-1\",\"zone\":\"P\"}",
     201);
  ok("POST", "/api/v1/warehouses/W1/bins", "{\"code\":\"R-1\",\"zone\":\"R\"}",
     201);
  ok("POST", "/api/v1/warehouses/W1/bins", "{\"code\":\"R-2\",\"zone\":\"R\"}",
     201);
  ok("POST", "/api/v1/products", "{\"sku\":\"C1\",\"name\":\"cup\"}", 201);
  adjust("P-1", 10);
  adjust("R-1", 6);
  adjust("R-2", 20);
  return 0;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

static json_t *
tasks(void)
{
  json_t *j =
      call("GET", "/api/v1/warehouses/W1/replenishment-tasks", NULL, 200);
  json_t *items = json_incref(json_object_get(j, "items"));
  json_decref(j);
  return items;
}

static void
low_pick_face_gets_tasks_once_and_confirms_move_stock(void **state)
{
  ok("POST", "/api/v1/warehouses/W1/replenishment-rules",
     "{\"sku\":\"C1\",\"bin\":\"P-1\",\"min\":5,\"max\":20}", 200);
  json_t *t = tasks();
  assert_int_equal(json_array_size(t), 0);
  json_decref(t);
  adjust("P-1", -6); /* 4 left: below 5, refill by 16 */
  t = tasks();
  assert_int_equal(json_array_size(t), 2);
  json_t *t1 = json_array_get(t, 0), *t2 = json_array_get(t, 1);
  assert_string_equal(json_string_value(json_object_get(t1, "from_bin")),
                      "R-1");
  assert_int_equal(json_integer_value(json_object_get(t1, "qty")), 6);
  assert_int_equal(json_integer_value(json_object_get(t2, "qty")), 10);
  int64_t id1 = json_integer_value(json_object_get(t1, "id"));
  int64_t id2 = json_integer_value(json_object_get(t2, "id"));
  json_decref(t);
  adjust("P-1", -1); /* tasks are open already: no more */
  t = tasks();
  assert_int_equal(json_array_size(t), 2);
  json_decref(t);
  char path[128];
  snprintf(path, sizeof path, "/api/v1/replenishment-tasks/%lld/confirm",
           (long long)id1);
  ok("POST", path, "{\"idempotency_key\":\"rp-1\"}", 200);
  ok("POST", path, "{\"idempotency_key\":\"rp-1\"}", 200);
  assert_int_equal(in_bin("P-1"), 3 + 6);
  json_t *e = call("POST", path, NULL, 409);
  assert_string_equal(api_json_error_code(e), "conflict");
  json_decref(e);
  snprintf(path, sizeof path, "/api/v1/replenishment-tasks/%lld/confirm",
           (long long)id2);
  e = call("POST", path, "{\"qty\":50}", 409);
  assert_string_equal(api_json_error_code(e), "insufficient_stock");
  json_decref(e);
  ok("POST", path, "{\"qty\":5}", 200);
  assert_int_equal(in_bin("P-1"), 14);
  assert_int_equal(in_bin("R-2"), 15);
  t = tasks();
  assert_int_equal(json_array_size(t), 0);
  json_decref(t);
  ok("POST", "/api/v1/replenishment-tasks/99999/confirm", NULL, 404);
}

static void
rule_refusals(void **state)
{
  const char *p = "/api/v1/warehouses/W1/replenishment-rules";
  json_t *e = call("POST", p,
                   "{\"sku\":\"C1\",\"bin\":\"P-1\",\"min\":5,\"max\":5}", 422);
  assert_string_equal(api_json_error_code(e), "invalid_value");
  json_decref(e);
  e = call("POST", p, "{\"sku\":\"C1\",\"bin\":\"P-9\",\"min\":1,\"max\":5}",
           422);
  assert_string_equal(api_json_error_code(e), "unknown_bin");
  json_decref(e);
  e = call("POST", p, "{\"sku\":\"C9\",\"bin\":\"P-1\",\"min\":1,\"max\":5}",
           422);
  assert_string_equal(api_json_error_code(e), "unknown_sku");
  json_decref(e);
  json_t *rules = call("GET", p, NULL, 200);
  json_t *r0 = json_array_get(json_object_get(rules, "items"), 0);
  assert_int_equal(json_integer_value(json_object_get(r0, "on_hand")), 14);
  json_decref(rules);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(low_pick_face_gets_tasks_once_and_confirms_move_stock),
      cmocka_unit_test(rule_refusals),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
