/*
 * Reservations follow their units, over real HTTP. Received units that
 * fill a backorder are reserved while still in the receiving bin: putaway
 * takes them to storage anyway (their reservation follows, and so does a
 * pick task when the order was already waved, split when only part of its
 * units move), moves inside the warehouse carry reserved units once the
 * free ones run out, and the orders are then picked from where the units
 * are. The ledger check agrees with every figure afterwards.
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
static int next_key = 1;
static int next_tote = 1;
static int next_order = 1;

#define ok(m, p, b, st) api_step_ok(&srv, m, p, b, st)

static int
setup(void **state)
{
  if (!api_server_start(&srv, "api_reservations_follow", false, NULL))
    return -1;
  ok("POST", "/api/v1/warehouses", "{\"code\":\"W7\",\"name\":\"w7\"}", 201);
  ok("POST", "/api/v1/warehouses/W7/zones",
     "{\"code\":\"RCV\",\"type\":\"receiving\"}", 201);
  ok("POST", "/api/v1/warehouses/W7/zones",
     "{\"code\":\"P\",\"type\":\"pick\"}", 201);
  ok("POST", "/api/v1/warehouses/W7/bins",
     "{\"code\":\"RCV-1\",\"zone\":\"RCV\"}", 201);
  for (int i = 1; i <= 4; i++) {
    char body[120];
    snprintf(body, sizeof body,
             "{\"code\":\"P-0%d\",\"zone\":\"P\",\"pick_sequence\":%d}", i, i);
    ok("POST", "/api/v1/warehouses/W7/bins", body, 201);
  }
  ok("POST", "/api/v1/warehouses/W7/totes",
     "{\"prefix\":\"T\",\"from\":1,\"to\":50}", 201);
  ok("POST", "/api/v1/stores",
     "{\"code\":\"S7\",\"name\":\"shop\",\"channel\":\"api\","
     "\"warehouse\":\"W7\",\"currency\":\"CNY\"}",
     201);
  ok("POST", "/api/v1/suppliers", "{\"code\":\"SUP7\",\"name\":\"maker\"}",
     201);
  const char *skus[] = {"BO", "WV"};
  for (int i = 0; i < 2; i++) {
    char body[160];
    snprintf(body, sizeof body,
             "{\"sku\":\"%s\",\"name\":\"%s\",\"weight_kg\":\"0.100\","
             "\"barcodes\":[{\"code\":\"BC-%s\"}]}",
             skus[i], skus[i], skus[i]);
    ok("POST", "/api/v1/products", body, 201);
  }
  return 0;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

static const char *
key(void)
{
  static char k[32];
  snprintf(k, sizeof k, "rf-%d", next_key++);
  return k;
}

/* An order of @a qty units of @a sku; asserts its state, returns its id. */
static int64_t
order(const char *sku, int qty, const char *state)
{
  char body[700];
  snprintf(body, sizeof body,
           "{\"store\":\"S7\",\"external_id\":\"RF%04d\",\"currency\":\"CNY\","
           "\"customer\":{\"name\":\"王五\",\"phone\":\"13800000000\"},"
           "\"ship_to\":{\"name\":\"王五\",\"line1\":\"天元区黄河南路 1 号\","
           "\"city\":\"株洲市\",\"postcode\":\"412007\",\"country_code\":"
           "\"CN\"},\"lines\":[{\"sku\":\"%s\",\"qty\":%d,\"unit_price\":"
           "\"9.90\"}]}",
           next_order++, sku, qty);
  json_t *o = api_step(&srv, "POST", "/api/v1/orders", body, 201);
  assert_string_equal(json_string_value(json_object_get(o, "state")), state);
  int64_t id = json_integer_value(json_object_get(o, "id"));
  json_decref(o);
  return id;
}

static const char *
order_state(int64_t id)
{
  static char s[32];
  char path[64];
  snprintf(path, sizeof path, "/api/v1/orders/%lld", (long long)id);
  json_t *o = api_step(&srv, "GET", path, NULL, 200);
  snprintf(s, sizeof s, "%s", json_string_value(json_object_get(o, "state")));
  json_decref(o);
  return s;
}

/* A sent PO of @a qty units of @a sku, received at once into RCV-1. */
static void
receive(const char *sku, int qty)
{
  char body[200], path[96];
  snprintf(body, sizeof body,
           "{\"supplier\":\"SUP7\",\"warehouse\":\"W7\",\"lines\":[{\"sku\":"
           "\"%s\",\"qty\":%d,\"unit_cost\":\"1.00\"}]}",
           sku, qty);
  json_t *po = api_step(&srv, "POST", "/api/v1/purchase-orders", body, 201);
  int64_t id = json_integer_value(json_object_get(po, "id"));
  json_decref(po);
  const char *steps[] = {"submit", "approve", "send"};
  for (int i = 0; i < 3; i++) {
    snprintf(path, sizeof path, "/api/v1/purchase-orders/%lld/%s",
             (long long)id, steps[i]);
    ok("POST", path, NULL, 200);
  }
  snprintf(path, sizeof path, "/api/v1/purchase-orders/%lld/receipts",
           (long long)id);
  snprintf(body, sizeof body, "{\"lines\":[{\"sku\":\"%s\",\"qty\":%d}]}", sku,
           qty);
  ok("POST", path, body, 201);
}

/* The open putaway task of @a sku. */
static int64_t
putaway_task(const char *sku)
{
  json_t *l =
      api_step(&srv, "GET", "/api/v1/putaway-tasks?warehouse=W7", NULL, 200);
  int64_t id = 0;
  size_t i;
  json_t *t;
  json_array_foreach(json_object_get(l, "items"), i, t)
  {
    if (strcmp(json_string_value(json_object_get(t, "sku")), sku) == 0)
      id = json_integer_value(json_object_get(t, "id"));
  }
  json_decref(l);
  assert_true(id > 0);
  return id;
}

static void
putaway(int64_t task, const char *bin, int qty)
{
  char path[96], body[96];
  snprintf(path, sizeof path, "/api/v1/putaway-tasks/%lld/confirm",
           (long long)task);
  if (qty > 0)
    snprintf(body, sizeof body, "{\"bin\":\"%s\",\"qty\":%d}", bin, qty);
  else
    snprintf(body, sizeof body, "{\"bin\":\"%s\"}", bin);
  ok("POST", path, body, 200);
}

/* Figure @a name of @a sku in bin @a bin (0 when the bin has none). */
static int64_t
in_bin(const char *sku, const char *bin, const char *name)
{
  char path[128];
  snprintf(path, sizeof path, "/api/v1/stock?sku=%s&warehouse=W7&bin=%s", sku,
           bin);
  json_t *j = api_step(&srv, "GET", path, NULL, 200);
  json_t *b = json_array_get(
      json_object_get(json_array_get(json_object_get(j, "items"), 0), "bins"),
      0);
  int64_t v = b != NULL ? json_integer_value(json_object_get(b, name)) : 0;
  json_decref(j);
  return v;
}

/* `depot check stock`: every quant and reservation agrees with the ledger. */
static void
ledger_agrees(void)
{
  char env[600], out[4096];
  snprintf(env, sizeof env, "DEPOT_DATABASE_URL=%s", srv.database_url);
  const char *e[] = {env, NULL};
  const char *args[] = {"check", "stock", NULL};
  int rc = api_run_depot(args, e, out, sizeof out);
  if (rc != 0)
    fprintf(stderr, "%s\n", out);
  assert_int_equal(rc, 0);
}

static json_t *
scan(int64_t list, const char *code, int qty)
{
  char path[64], body[200];
  snprintf(path, sizeof path, "/api/v1/picklists/%lld/scan", (long long)list);
  if (qty > 0)
    snprintf(body, sizeof body,
             "{\"code\":\"%s\",\"qty\":%d,\"idempotency_key\":\"%s\"}", code,
             qty, key());
  else
    snprintf(body, sizeof body, "{\"code\":\"%s\",\"idempotency_key\":\"%s\"}",
             code, key());
  return api_step(&srv, "POST", path, body, 200);
}

/*
 * Waves the warehouse, then picks every list; asserts the bins the tasks
 * send the picker to, in order, are @a bins (comma-separated).
 */
static void
wave_and_pick(const char *bins)
{
  ok("POST", "/api/v1/waves", "{\"warehouse\":\"W7\",\"batch_size\":10}", 201);
  char visited[200] = "";
  for (;;) {
    json_t *view = api_step(&srv, "POST", "/api/v1/picklists/next",
                            "{\"warehouse\":\"W7\"}", 200);
    if (json_is_null(json_object_get(view, "picklist"))) {
      json_decref(view);
      break;
    }
    int64_t list = json_integer_value(json_object_get(view, "picklist"));
    for (;;) {
      const char *action = json_string_value(json_object_get(view, "action"));
      json_t *task = json_object_get(view, "task");
      const char *bin = json_string_value(json_object_get(task, "bin"));
      const char *sku = json_string_value(json_object_get(task, "sku"));
      const char *tote = json_string_value(json_object_get(task, "tote"));
      json_t *next;
      char code[32];
      if (strcmp(action, "done") == 0)
        break;
      if (strcmp(action, "scan_bin") == 0) {
        if (visited[0] != '\0')
          strcat(visited, ",");
        strcat(visited, bin);
        next = scan(list, bin, 0);
      } else if (strcmp(action, "scan_item") == 0) {
        snprintf(code, sizeof code, "BC-%s", sku);
        next =
            scan(list, code,
                 (int)json_integer_value(json_object_get(task, "remaining")));
      } else {
        if (tote != NULL)
          snprintf(code, sizeof code, "%s", tote);
        else
          snprintf(code, sizeof code, "T%03d", next_tote++);
        next = scan(list, code, 0);
      }
      json_decref(view);
      view = next;
    }
    json_decref(view);
  }
  assert_string_equal(visited, bins);
}

/*
 * A backorder filled at the dock: putaway takes the reserved units to P-01
 * (before, 409 insufficient_stock), a move takes the free units first and
 * then reserved ones, and the order is picked from P-01 and P-02.
 */
static void
putaway_and_moves_carry_reservations(void **state)
{
  int64_t o = order("BO", 5, "backordered");
  receive("BO", 20);
  assert_string_equal(order_state(o), "allocated");
  assert_int_equal(in_bin("BO", "RCV-1", "reserved"), 5);
  putaway(putaway_task("BO"), "P-01", 0);
  assert_int_equal(in_bin("BO", "RCV-1", "on_hand"), 0);
  assert_int_equal(in_bin("BO", "P-01", "on_hand"), 20);
  assert_int_equal(in_bin("BO", "P-01", "reserved"), 5);
  /* 15 free units go first, so 10 leave only free ones behind... */
  ok("POST", "/api/v1/stock/moves",
     "{\"warehouse\":\"W7\",\"sku\":\"BO\",\"from_bin\":\"P-01\","
     "\"to_bin\":\"P-03\",\"qty\":10}",
     201);
  assert_int_equal(in_bin("BO", "P-01", "reserved"), 5);
  assert_int_equal(in_bin("BO", "P-03", "reserved"), 0);
  /* ...and 8 of the last 10 take 3 reserved units with them. */
  ok("POST", "/api/v1/stock/moves",
     "{\"warehouse\":\"W7\",\"sku\":\"BO\",\"from_bin\":\"P-01\","
     "\"to_bin\":\"P-02\",\"qty\":8}",
     201);
  assert_int_equal(in_bin("BO", "P-01", "reserved"), 2);
  assert_int_equal(in_bin("BO", "P-02", "reserved"), 3);
  /* More than the bin holds is still refused. */
  api_step_code(&srv, "POST", "/api/v1/stock/moves",
                "{\"warehouse\":\"W7\",\"sku\":\"BO\",\"from_bin\":\"P-01\","
                "\"to_bin\":\"P-02\",\"qty\":3}",
                409, "insufficient_stock");
  ledger_agrees();
  wave_and_pick("P-01,P-02");
  assert_string_equal(order_state(o), "picking");
  ledger_agrees();
}

/*
 * An order waved while its units are still at the dock: putaway of part
 * of them splits the pick task (the moved units are picked where they
 * went), putaway of the rest re-points it; the picker walks P-02, P-04.
 */
static void
putaway_moves_waved_units_with_their_task(void **state)
{
  int64_t o = order("WV", 6, "backordered");
  receive("WV", 6);
  assert_string_equal(order_state(o), "allocated");
  ok("POST", "/api/v1/waves", "{\"warehouse\":\"W7\",\"batch_size\":10}", 201);
  int64_t task = putaway_task("WV");
  putaway(task, "P-02", 2);
  putaway(task, "P-04", 0);
  assert_int_equal(in_bin("WV", "P-02", "reserved"), 2);
  assert_int_equal(in_bin("WV", "P-04", "reserved"), 4);
  ledger_agrees();
  api_step_code(&srv, "POST", "/api/v1/waves",
                "{\"warehouse\":\"W7\",\"batch_size\":10}", 409,
                "no_matching_orders");
  json_t *view = api_step(&srv, "POST", "/api/v1/picklists/next",
                          "{\"warehouse\":\"W7\"}", 200);
  int64_t list = json_integer_value(json_object_get(view, "picklist"));
  assert_true(list > 0);
  assert_string_equal(
      json_string_value(json_object_get(json_object_get(view, "task"), "bin")),
      "P-02");
  json_decref(view);
  view = scan(list, "P-02", 0);
  json_decref(view);
  view = scan(list, "BC-WV", 2);
  json_decref(view);
  char tote[16];
  snprintf(tote, sizeof tote, "T%03d", next_tote++);
  view = scan(list, tote, 0);
  assert_string_equal(
      json_string_value(json_object_get(json_object_get(view, "task"), "bin")),
      "P-04");
  json_decref(view);
  json_decref(scan(list, "P-04", 0));
  json_decref(scan(list, "BC-WV", 4));
  view = scan(list, tote, 0);
  assert_string_equal(json_string_value(json_object_get(view, "action")),
                      "done");
  json_decref(view);
  assert_string_equal(order_state(o), "picking");
  ledger_agrees();
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(putaway_and_moves_carry_reservations),
      cmocka_unit_test(putaway_moves_waved_units_with_their_task),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
