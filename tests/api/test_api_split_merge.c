/*
 * Split and merged orders on the floor, over real HTTP: an order split
 * over two warehouses is waved, picked, packed and shipped in each on its
 * own (partially_shipped after the first, shipped after the second; the
 * tracking page lists both parcels); two orders with one merge key share
 * a batch, a tote, a shipment and a tracking number, each keeping its own
 * lines and state.
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

static struct api_server srv, pick1, pick2;
static int next_key = 1;
static int next_tote = 1;

#define ok(m, p, b, st) api_step_ok(&srv, m, p, b, st)

static void
login_as(struct api_server *out, const char *user, const char *role,
         const char *wh)
{
  assert_true(api_add_user(&srv, user, role, wh, "correct horse 42"));
  *out = srv;
  assert_int_equal(api_login(&srv, user, "correct horse 42", out->token, NULL),
                   200);
}

/* Warehouse @a wh with one pick bin @a bin and totes @a tote_prefix. */
static void
setup_warehouse(const char *wh, const char *bin, const char *tote_prefix)
{
  char path[80], body[200];
  snprintf(body, sizeof body, "{\"code\":\"%s\",\"name\":\"%s\"}", wh, wh);
  ok("POST", "/api/v1/warehouses", body, 201);
  snprintf(path, sizeof path, "/api/v1/warehouses/%s/zones", wh);
  ok("POST", path, "{\"code\":\"P\",\"type\":\"pick\"}", 201);
  snprintf(path, sizeof path, "/api/v1/warehouses/%s/bins", wh);
  snprintf(body, sizeof body, "{\"code\":\"%s\",\"zone\":\"P\"}", bin);
  ok("POST", path, body, 201);
  snprintf(path, sizeof path, "/api/v1/warehouses/%s/totes", wh);
  snprintf(body, sizeof body, "{\"prefix\":\"%s\",\"from\":1,\"to\":20}",
           tote_prefix);
  ok("POST", path, body, 201);
}

static void
adjust(const char *wh, const char *bin, const char *sku, int qty)
{
  char body[200];
  snprintf(body, sizeof body,
           "{\"warehouse\":\"%s\",\"bin\":\"%s\",\"sku\":\"%s\","
           "\"qty_delta\":%d}",
           wh, bin, sku, qty);
  ok("POST", "/api/v1/stock/adjustments", body, 201);
}

static int
setup(void **state)
{
  if (!api_server_start(&srv, "api_split_merge", false, NULL))
    return -1;
  setup_warehouse("SA", "A-01", "TA");
  setup_warehouse("SB", "B-01", "TB");
  const char *skus[] = {"SM-1", "SM-2", "SM-3"};
  for (int i = 0; i < 3; i++) {
    char body[160];
    snprintf(body, sizeof body,
             "{\"sku\":\"%s\",\"name\":\"item\",\"weight_kg\":\"0.100\"}",
             skus[i]);
    ok("POST", "/api/v1/products", body, 201);
  }
  adjust("SA", "A-01", "SM-1", 3);
  adjust("SB", "B-01", "SM-1", 3);
  adjust("SA", "A-01", "SM-2", 10);
  adjust("SA", "A-01", "SM-3", 10);
  ok("POST", "/api/v1/carriers",
     "{\"code\":\"SPX\",\"name\":\"Split Express\",\"transit_days\":1,"
     "\"tracking\":{\"prefix\":\"SP\",\"digits\":8,\"first\":1,"
     "\"last\":9999}}",
     201);
  ok("POST", "/api/v1/stores",
     "{\"code\":\"SPL\",\"name\":\"shop\",\"channel\":\"api\","
     "\"warehouse\":\"SA\",\"currency\":\"CNY\",\"carrier\":\"SPX\"}",
     201);
  ok("POST", "/api/v1/carton-types", "{\"code\":\"SQ\",\"tare_g\":50}", 201);
  login_as(&pick1, "split_a", "picker", "SA");
  login_as(&pick2, "split_b", "picker", "SB");
  return 0;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

/* Takes in order @a ext of @a lines (JSON array text); returns its doc. */
static json_t *
intake(const char *ext, const char *lines)
{
  char body[800];
  snprintf(body, sizeof body,
           "{\"store\":\"SPL\",\"external_id\":\"%s\",\"currency\":\"CNY\","
           "\"customer\":{\"name\":\"孙七\",\"phone\":\"13700000000\"},"
           "\"ship_to\":{\"name\":\"孙七\",\"line1\":\"荷塘区 新华路 8 号\","
           "\"city\":\"株洲市\",\"postcode\":\"412000\",\"country_code\":"
           "\"CN\"},\"lines\":%s}",
           ext, lines);
  return api_step(&srv, "POST", "/api/v1/orders", body, 201);
}

static json_t *
order(int64_t id)
{
  char path[64];
  snprintf(path, sizeof path, "/api/v1/orders/%lld", (long long)id);
  return api_step(&srv, "GET", path, NULL, 200);
}

static const char *
str(const json_t *o, const char *key)
{
  return json_string_value(json_object_get(o, key));
}

static const char *
task(const json_t *view, const char *name)
{
  return str(json_object_get(view, "task"), name);
}

/* Claims and picks every open list of @a wh as @a who. Returns lists. */
static int
pick_all(const struct api_server *who, const char *wh, const char *prefix)
{
  char body[200], path[64];
  int lists = 0;
  for (;;) {
    snprintf(body, sizeof body, "{\"warehouse\":\"%s\"}", wh);
    json_t *v = api_step(who, "POST", "/api/v1/picklists/next", body, 200);
    if (json_is_null(json_object_get(v, "picklist"))) {
      json_decref(v);
      return lists;
    }
    lists++;
    snprintf(path, sizeof path, "/api/v1/picklists/%lld/scan",
             (long long)json_integer_value(json_object_get(v, "picklist")));
    while (strcmp(str(v, "action"), "done") != 0) {
      const char *action = str(v, "action");
      char code[16];
      int qty = 1;
      if (strcmp(action, "scan_bin") == 0) {
        snprintf(code, sizeof code, "%s", task(v, "bin"));
      } else if (strcmp(action, "scan_item") == 0) {
        snprintf(code, sizeof code, "%s", task(v, "sku"));
        qty = (int)json_integer_value(
            json_object_get(json_object_get(v, "task"), "remaining"));
      } else if (task(v, "tote") != NULL) {
        snprintf(code, sizeof code, "%s", task(v, "tote"));
      } else {
        snprintf(code, sizeof code, "%s%03d", prefix, next_tote++);
      }
      snprintf(body, sizeof body,
               "{\"code\":\"%s\",\"qty\":%d,\"idempotency_key\":\"sm-%d\"}",
               code, qty, next_key++);
      json_t *n = api_step(who, "POST", path, body, 200);
      json_decref(v);
      v = n;
    }
    json_decref(v);
  }
}

/*
 * Packs shipment @a sh (the packing/open answer) into one carton, every
 * item it lists, and ships it. Returns the carton's tracking number
 * (into @a tracking, 32 bytes).
 */
static void
pack_ship(const struct api_server *who, const json_t *sh, char *tracking)
{
  char path[80], body[120];
  int64_t ship = json_integer_value(json_object_get(sh, "id"));
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/cartons",
           (long long)ship);
  json_t *c = api_step(who, "POST", path, "{\"carton_type\":\"SQ\"}", 201);
  int64_t carton = json_integer_value(
      json_object_get(json_array_get(json_object_get(c, "cartons"), 0), "id"));
  json_decref(c);
  int grams = 50;
  size_t i;
  json_t *item;
  json_array_foreach(json_object_get(sh, "items"), i, item)
  {
    int64_t n = json_integer_value(json_object_get(item, "remaining"));
    grams += (int)n * 100;
    snprintf(path, sizeof path, "/api/v1/cartons/%lld/scan", (long long)carton);
    snprintf(body, sizeof body, "{\"code\":\"%s\",\"qty\":%lld}",
             str(item, "sku"), (long long)n);
    api_step_ok(who, "POST", path, body, 200);
  }
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/close", (long long)carton);
  snprintf(body, sizeof body, "{\"weight_g\":%d}", grams);
  json_t *closed = api_step(who, "POST", path, body, 200);
  assert_string_equal(str(closed, "state"), "packed");
  snprintf(tracking, 32, "%s",
           str(json_array_get(json_object_get(closed, "cartons"), 0),
               "tracking_no"));
  json_decref(closed);
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/ship", (long long)ship);
  json_t *s = api_step(who, "POST", path, NULL, 200);
  assert_string_equal(str(s, "state"), "shipped");
  json_decref(s);
}

static int64_t
on_hand(const char *wh, const char *sku, const char *figure)
{
  char path[120];
  snprintf(path, sizeof path, "/api/v1/stock?sku=%s&warehouse=%s", sku, wh);
  json_t *j = api_step(&srv, "GET", path, NULL, 200);
  int64_t v = json_integer_value(
      json_object_get(json_array_get(json_object_get(j, "items"), 0), figure));
  json_decref(j);
  return v;
}

/* The tracking document of @a token, as JSON, without a login. */
static json_t *
track(const char *token)
{
  struct api_server anon = srv;
  anon.token[0] = '\0';
  char path[120];
  snprintf(path, sizeof path, "/track/%s", token);
  const char *json[] = {"Accept: application/json", NULL};
  struct api_reply r;
  assert_true(api_call(&anon, "GET", path, NULL, 0, NULL, json, &r));
  assert_int_equal(r.status, 200);
  json_t *doc = json_incref(r.json);
  api_reply_clear(&r);
  return doc;
}

static void
a_split_order_ships_from_each_warehouse(void **state)
{
  /* 5 units: neither warehouse has them all, SA 3 and SB 2. */
  json_t *o = intake("SPLIT-A",
                     "[{\"sku\":\"SM-1\",\"qty\":5,\"unit_price\":\"7.00\"}]");
  assert_string_equal(str(o, "state"), "allocated");
  assert_int_equal(json_array_size(json_object_get(o, "shipments")), 2);
  int64_t id = json_integer_value(json_object_get(o, "id"));
  json_decref(o);

  /* SA's part: wave, pick, pack by tote, ship. */
  json_t *w =
      api_step(&srv, "POST", "/api/v1/waves", "{\"warehouse\":\"SA\"}", 201);
  assert_int_equal(json_integer_value(json_object_get(w, "orders")), 1);
  json_decref(w);
  assert_int_equal(pick_all(&pick1, "SA", "TA"), 1);
  json_t *sh = api_step(&pick1, "POST", "/api/v1/packing/open",
                        "{\"code\":\"TA001\"}", 201);
  assert_string_equal(str(sh, "warehouse"), "SA");
  assert_int_equal(
      json_integer_value(json_object_get(
          json_array_get(json_object_get(sh, "items"), 0), "picked")),
      3);
  char token_a[80], first[32], second[32];
  snprintf(token_a, sizeof token_a, "%s", str(sh, "track_token"));
  pack_ship(&pick1, sh, first);
  json_decref(sh);
  o = order(id);
  assert_string_equal(str(o, "state"), "partially_shipped");
  json_decref(o);
  json_t *t = track(token_a);
  assert_int_equal(json_array_size(json_object_get(t, "parcels")), 1);
  assert_true(json_is_true(json_object_get(t, "more_to_come")));
  json_decref(t);
  api_step_code(&srv, "POST", "/api/v1/waves", "{\"warehouse\":\"SA\"}", 409,
                "no_matching_orders");

  /* SB's part, on its own: the order number opens SB's shipment there. */
  w = api_step(&srv, "POST", "/api/v1/waves", "{\"warehouse\":\"SB\"}", 201);
  assert_int_equal(json_integer_value(json_object_get(w, "orders")), 1);
  json_decref(w);
  assert_int_equal(pick_all(&pick2, "SB", "TB"), 1);
  sh = api_step(&pick2, "POST", "/api/v1/packing/open",
                "{\"code\":\"SPLIT-A\"}", 201);
  assert_string_equal(str(sh, "warehouse"), "SB");
  assert_int_equal(
      json_integer_value(json_object_get(
          json_array_get(json_object_get(sh, "items"), 0), "picked")),
      2);
  pack_ship(&pick2, sh, second);
  json_decref(sh);
  assert_string_not_equal(first, second);
  o = order(id);
  assert_string_equal(str(o, "state"), "shipped");
  json_t *parts = json_object_get(o, "shipments");
  assert_string_equal(str(json_array_get(parts, 0), "state"), "shipped");
  assert_string_equal(str(json_array_get(parts, 1), "state"), "shipped");
  json_decref(o);
  assert_int_equal(on_hand("SA", "SM-1", "on_hand"), 0);
  assert_int_equal(on_hand("SB", "SM-1", "on_hand"), 1);
  assert_int_equal(on_hand("SB", "SM-1", "reserved"), 0);

  /* The first parcel's page lists both parcels, each with its number. */
  t = track(token_a);
  json_t *parcels = json_object_get(t, "parcels");
  assert_int_equal(json_array_size(parcels), 2);
  assert_string_equal(
      json_string_value(json_array_get(
          json_object_get(json_array_get(parcels, 0), "tracking_numbers"), 0)),
      first);
  assert_string_equal(
      json_string_value(json_array_get(
          json_object_get(json_array_get(parcels, 1), "tracking_numbers"), 0)),
      second);
  assert_false(json_is_true(json_object_get(t, "more_to_come")));
  json_decref(t);
  struct api_server anon = srv;
  anon.token[0] = '\0';
  char path[120];
  snprintf(path, sizeof path, "/track/%s", token_a);
  struct api_reply r;
  assert_true(api_call(&anon, "GET", path, NULL, 0, NULL, NULL, &r));
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body, first));
  assert_non_null(strstr(r.body, second));
  assert_null(strstr(r.body, "孙七"));
  api_reply_clear(&r);
}

static void
merged_orders_ship_in_one_parcel(void **state)
{
  ok("PATCH", "/api/v1/stores/SPL", "{\"allow_merge\":true}", 200);
  json_t *a = intake("MERGE-A",
                     "[{\"sku\":\"SM-2\",\"qty\":1,\"unit_price\":\"3.00\"}]");
  json_t *b = intake("MERGE-B",
                     "[{\"sku\":\"SM-3\",\"qty\":2,\"unit_price\":\"4.00\"}]");
  assert_string_equal(str(a, "merge_key"), str(b, "merge_key"));
  int64_t ida = json_integer_value(json_object_get(a, "id"));
  int64_t idb = json_integer_value(json_object_get(b, "id"));
  json_decref(a);
  json_decref(b);
  ok("PATCH", "/api/v1/stores/SPL", "{\"allow_merge\":false}", 200);
  json_decref(intake("LONE-C",
                     "[{\"sku\":\"SM-2\",\"qty\":1,\"unit_price\":\"3.00\"}]"));

  /* One tote per batch: the siblings fill one, the other order another. */
  json_t *w =
      api_step(&srv, "POST", "/api/v1/waves",
               "{\"warehouse\":\"SA\",\"batch_size\":1,\"max_orders\":1}", 201);
  assert_int_equal(json_integer_value(json_object_get(w, "orders")), 2);
  assert_int_equal(json_array_size(json_object_get(w, "picklists")), 1);
  json_decref(w);
  w = api_step(&srv, "POST", "/api/v1/waves",
               "{\"warehouse\":\"SA\",\"batch_size\":1}", 201);
  assert_int_equal(json_integer_value(json_object_get(w, "orders")), 1);
  json_decref(w);
  int tote_before = next_tote;
  assert_int_equal(pick_all(&pick1, "SA", "TA"), 2);
  assert_int_equal(next_tote - tote_before, 2);

  /* Either order opens the one shipment of both. */
  json_t *sh = api_step(&pick1, "POST", "/api/v1/packing/open",
                        "{\"code\":\"MERGE-A\"}", 201);
  assert_int_equal(json_array_size(json_object_get(sh, "orders")), 2);
  assert_int_equal(json_array_size(json_object_get(sh, "items")), 2);
  json_t *again = api_step(&pick1, "POST", "/api/v1/packing/open",
                           "{\"code\":\"MERGE-B\"}", 200);
  assert_int_equal(json_integer_value(json_object_get(again, "id")),
                   json_integer_value(json_object_get(sh, "id")));
  json_decref(again);
  char tracking[32];
  pack_ship(&pick1, sh, tracking);
  char token[80];
  snprintf(token, sizeof token, "%s", str(sh, "track_token"));
  json_decref(sh);
  json_t *t = track(token);
  assert_int_equal(json_array_size(json_object_get(t, "parcels")), 1);
  assert_int_equal(json_array_size(json_object_get(t, "tracking_numbers")), 1);
  json_decref(t);

  /* Each order is shipped and shows only its own lines. */
  json_t *oa = order(ida), *ob = order(idb);
  assert_string_equal(str(oa, "state"), "shipped");
  assert_string_equal(str(ob, "state"), "shipped");
  json_t *la = json_object_get(oa, "lines"), *lb = json_object_get(ob, "lines");
  assert_int_equal(json_array_size(la), 1);
  assert_int_equal(json_array_size(lb), 1);
  assert_string_equal(str(json_array_get(la, 0), "sku"), "SM-2");
  assert_string_equal(str(json_array_get(lb, 0), "sku"), "SM-3");
  json_decref(oa);
  json_decref(ob);
  assert_int_equal(on_hand("SA", "SM-3", "on_hand"), 8);
}

/* A merged sibling cancelled at the station voids the shared shipment;
 * the tote opens a new one for the order left, without the other's units. */
static void
a_cancelled_sibling_leaves_the_shipment(void **state)
{
  ok("PATCH", "/api/v1/stores/SPL", "{\"allow_merge\":true}", 200);
  json_t *c = intake("MERGE-C",
                     "[{\"sku\":\"SM-2\",\"qty\":1,\"unit_price\":\"3.00\"}]");
  json_t *d = intake("MERGE-D",
                     "[{\"sku\":\"SM-3\",\"qty\":1,\"unit_price\":\"4.00\"}]");
  int64_t idc = json_integer_value(json_object_get(c, "id"));
  int64_t idd = json_integer_value(json_object_get(d, "id"));
  json_decref(c);
  json_decref(d);
  ok("PATCH", "/api/v1/stores/SPL", "{\"allow_merge\":false}", 200);
  json_t *w =
      api_step(&srv, "POST", "/api/v1/waves", "{\"warehouse\":\"SA\"}", 201);
  assert_int_equal(json_integer_value(json_object_get(w, "orders")), 2);
  json_decref(w);
  char tote[32], body[64], path[64];
  snprintf(tote, sizeof tote, "TA%03d", next_tote);
  assert_int_equal(pick_all(&pick1, "SA", "TA"), 1);
  snprintf(body, sizeof body, "{\"code\":\"%s\"}", tote);
  json_t *first = api_step(&pick1, "POST", "/api/v1/packing/open", body, 201);
  int64_t ship = json_integer_value(json_object_get(first, "id"));
  assert_int_equal(json_array_size(json_object_get(first, "orders")), 2);
  json_decref(first);
  snprintf(path, sizeof path, "/api/v1/orders/%lld/cancel", (long long)idd);
  ok("POST", path, NULL, 200);
  snprintf(path, sizeof path, "/api/v1/shipments/%lld", (long long)ship);
  json_t *old = api_step(&pick1, "GET", path, NULL, 200);
  assert_string_equal(str(old, "state"), "cancelled");
  json_decref(old);
  json_t *sh = api_step(&pick1, "POST", "/api/v1/packing/open", body, 201);
  assert_int_not_equal(json_integer_value(json_object_get(sh, "id")), ship);
  assert_int_equal(json_array_size(json_object_get(sh, "orders")), 1);
  assert_int_equal(json_array_size(json_object_get(sh, "items")), 1);
  assert_string_equal(
      str(json_array_get(json_object_get(sh, "items"), 0), "sku"), "SM-2");
  char tracking[32];
  pack_ship(&pick1, sh, tracking);
  json_decref(sh);
  json_t *oc = order(idc), *od = order(idd);
  assert_string_equal(str(oc, "state"), "shipped");
  assert_string_equal(str(od, "state"), "cancelled");
  json_decref(oc);
  json_decref(od);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_split_order_ships_from_each_warehouse),
      cmocka_unit_test(merged_orders_ship_in_one_parcel),
      cmocka_unit_test(a_cancelled_sibling_leaves_the_shipment),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
