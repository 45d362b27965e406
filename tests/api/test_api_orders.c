/*
 * Order intake over HTTP: signed Shopify and WooCommerce webhooks from the
 * shared fixtures, the API, holds and release, cancel, redeliveries, and
 * 200 intakes racing for the last 50 units, spread over three bins.
 */
#include "api_harness.h"

#include <curl/curl.h>
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

static struct api_server srv;

/* The scenario's server, in every step. */
#define call(m, p, b, st) api_step(&srv, m, p, b, st)
#define ok(m, p, b, st) api_step_ok(&srv, m, p, b, st)
#define expect_code(m, p, b, st, c) api_step_code(&srv, m, p, b, st, c)

static const char *fixtures; /* …/shared/fixtures/channel_orders */

static char *
slurp(const char *name, size_t *len)
{
  char path[512];
  snprintf(path, sizeof path, "%s/%s", fixtures, name);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  char *buf = malloc(1 << 20);
  *len = fread(buf, 1, (1 << 20) - 1, f);
  buf[*len] = '\0';
  fclose(f);
  return buf;
}

static const char *
secret(const char *channel)
{
  size_t len;
  char *text = slurp("secrets.json", &len);
  json_t *j = json_loads(text, 0, NULL);
  free(text);
  static char out[2][200];
  int i = strcmp(channel, "shopify") == 0 ? 0 : 1;
  const char *v = json_string_value(json_object_get(j, channel));
  snprintf(out[i], sizeof out[i], "%s", v != NULL ? v : "");
  json_decref(j);
  return out[i];
}

/* Delivers fixture @a file to the webhook with signature header @a hdr. */
static long
deliver(const char *store, const char *channel, const char *file,
        const char *hdr, const char *sig, char *code)
{
  size_t len;
  char *body = slurp(file, &len);
  char path[128], header[200];
  snprintf(path, sizeof path, "/api/v1/stores/%s/webhooks/%s", store, channel);
  snprintf(header, sizeof header, "%s: %s", hdr, sig);
  const char *headers[] = {header, NULL};
  struct api_server anon = srv;
  anon.token[0] = '\0';
  struct api_reply r;
  assert_true(api_call(&anon, "POST", path, body, len, NULL,
                       sig != NULL ? headers : NULL, &r));
  free(body);
  long st = r.status;
  if (code != NULL)
    snprintf(code, 64, "%s",
             r.json != NULL && json_object_get(r.json, "error") != NULL
                 ? api_error_code(&r)
                 : json_string_value(json_object_get(r.json, "state")));
  api_reply_clear(&r);
  return st;
}

static int64_t
order_count(void)
{
  json_t *l = call("GET", "/api/v1/orders?limit=1000", NULL, 200);
  int64_t n = (int64_t)json_array_size(json_object_get(l, "items"));
  json_decref(l);
  return n;
}

static int
setup(void **state)
{
  if (!api_server_start(&srv, "api_orders", false, NULL))
    return -1;
  ok("POST", "/api/v1/warehouses", "{\"code\":\"W1\",\"name\":\"w\"}", 201);
  ok("POST", "/api/v1/warehouses/W1/zones",
     "{\"code\":\"P\",\"type\":\"pick\"}", 201);
  ok("POST", "/api/v1/warehouses/W1/bins", "{\"code\":\"P-1\",\"zone\":\"P\"}",
     201);
  const char *skus[] = {"LBL-4X6-500", "TP-CLEAN", "BSS-1", "RACE"};
  for (int i = 0; i < 4; i++) {
    char body[200];
    snprintf(
        body, sizeof body,
        "{\"sku\":\"%s\",\"name\":\"x\",\"barcodes\":[{\"code\":\"BOX-%d\","
        "\"pack_qty\":6}]}",
        skus[i], i);
    ok("POST", "/api/v1/products", body, 201);
    snprintf(body, sizeof body,
             "{\"warehouse\":\"W1\",\"bin\":\"P-1\",\"sku\":\"%s\","
             "\"qty_delta\":%d}",
             skus[i], 20);
    ok("POST", "/api/v1/stock/adjustments", body, 201);
  }
  /* The race's last 50 units lie in three bins: 20, 20 and 10. */
  for (int b = 2; b <= 3; b++) {
    char body[200];
    snprintf(body, sizeof body, "{\"code\":\"P-%d\",\"zone\":\"P\"}", b);
    ok("POST", "/api/v1/warehouses/W1/bins", body, 201);
    snprintf(body, sizeof body,
             "{\"warehouse\":\"W1\",\"bin\":\"P-%d\",\"sku\":\"RACE\","
             "\"qty_delta\":%d}",
             b, b == 2 ? 20 : 10);
    ok("POST", "/api/v1/stock/adjustments", body, 201);
  }
  char body[300];
  snprintf(body, sizeof body,
           "{\"code\":\"SHOP1\",\"name\":\"Trailhead\",\"channel\":\"shopify\","
           "\"warehouse\":\"W1\",\"webhook_secret\":\"%s\",\"currency\":"
           "\"CAD\"}",
           secret("shopify"));
  ok("POST", "/api/v1/stores", body, 201);
  snprintf(body, sizeof body,
           "{\"code\":\"WOO1\",\"name\":\"Gear\",\"channel\":\"woocommerce\","
           "\"warehouse\":\"W1\",\"webhook_secret\":\"%s\",\"currency\":"
           "\"USD\"}",
           secret("woocommerce"));
  ok("POST", "/api/v1/stores", body, 201);
  ok("POST", "/api/v1/stores",
     "{\"code\":\"API1\",\"name\":\"抖音小店\",\"channel\":\"api\","
     "\"warehouse\":\"W1\",\"currency\":\"CNY\",\"price_tolerance\":5}",
     201);
  return 0;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

static void
signed_webhooks_are_taken_in_once_and_tampered_ones_refused(void **state)
{
  const char *shop_sig = "NWCnj/zBJOU5JgjuHKpf4UvM9DAyFc/oz1vmhl9zn40=";
  char code[64];
  assert_int_equal(deliver("SHOP1", "shopify", "shopify_order_1502.json",
                           "X-Shopify-Hmac-Sha256", shop_sig, code),
                   201);
  assert_string_equal(code, "allocated");
  assert_int_equal(deliver("SHOP1", "shopify", "shopify_order_1502.json",
                           "X-Shopify-Hmac-Sha256", shop_sig, code),
                   200);
  assert_int_equal(deliver("SHOP1", "shopify",
                           "shopify_order_1502.tampered_total.json",
                           "X-Shopify-Hmac-Sha256", shop_sig, code),
                   401);
  assert_string_equal(code, "bad_signature");
  assert_int_equal(deliver("SHOP1", "shopify", "shopify_order_1502.json",
                           "X-Shopify-Hmac-Sha256", NULL, code),
                   401);
  assert_int_equal(order_count(), 1);
  assert_int_equal(
      deliver("WOO1", "woocommerce", "woo_order_3391.json",
              "X-WC-Webhook-Signature",
              "wmccyYePwVJQS58db4WAmjvxRDoCKeRiehLfhVMRfhQ=", code),
      201);
  assert_int_equal(deliver("WOO1", "woocommerce", "woo_order_3391.json",
                           "X-WC-Webhook-Signature", shop_sig, code),
                   401);
  /* An unknown store, or a store of the other channel, looks like a bad
     signature: store codes cannot be told apart by unsigned requests. */
  assert_int_equal(deliver("NOPE", "shopify", "shopify_order_1502.json",
                           "X-Shopify-Hmac-Sha256", shop_sig, code),
                   401);
  assert_string_equal(code, "bad_signature");
  assert_int_equal(deliver("NOPE", "woocommerce", "woo_order_3391.json",
                           "X-WC-Webhook-Signature", shop_sig, code),
                   401);
  assert_string_equal(code, "bad_signature");
  assert_int_equal(deliver("SHOP1", "woocommerce", "woo_order_3391.json",
                           "X-WC-Webhook-Signature", shop_sig, code),
                   401);
  assert_string_equal(code, "bad_signature");
  /* The WooCommerce ping is acknowledged and stores nothing. */
  struct api_server anon = srv;
  anon.token[0] = '\0';
  struct api_reply r;
  assert_true(api_call(
      &anon, "POST", "/api/v1/stores/WOO1/webhooks/woocommerce",
      "webhook_id=17", 13, "application/x-www-form-urlencoded", NULL, &r));
  assert_int_equal(r.status, 200);
  api_reply_clear(&r);
  assert_int_equal(order_count(), 2);
  json_t *first = call("GET", "/api/v1/orders?sort=oldest&limit=1", NULL, 200);
  json_t *o1 = json_array_get(json_object_get(first, "items"), 0);
  assert_string_equal(json_string_value(json_object_get(o1, "store")), "SHOP1");
  const char *next = json_string_value(json_object_get(first, "next"));
  assert_non_null(next);
  char more[128];
  snprintf(more, sizeof more, "/api/v1/orders?sort=oldest&limit=1&cursor=%s",
           next);
  json_t *second = call("GET", more, NULL, 200);
  assert_string_equal(
      json_string_value(json_object_get(
          json_array_get(json_object_get(second, "items"), 0), "store")),
      "WOO1");
  json_decref(second);
  json_decref(first);
  expect_code("GET", "/api/v1/orders?sort=price", NULL, 400, "bad_query_param");
  json_t *l = call("GET", "/api/v1/orders?store=SHOP1", NULL, 200);
  json_t *o = json_array_get(json_object_get(l, "items"), 0);
  assert_string_equal(json_string_value(json_object_get(o, "external_id")),
                      "6456789012345");
  assert_string_equal(json_string_value(json_object_get(
                          json_object_get(o, "ship_to"), "country_code")),
                      "CA");
  json_decref(l);
}

/* An API order; @a currency is the "currency":"…", member or "". */
static json_t *
intake_in(const char *external_id, const char *currency, const char *lines,
          long status)
{
  char body[1024];
  snprintf(body, sizeof body,
           "{\"store\":\"API1\",\"external_id\":\"%s\",%s"
           "\"customer\":{\"name\":\"张三\",\"email\":\"zs@example.cn\"},"
           "\"ship_to\":{\"name\":\"张三\",\"line1\":\"天元区黄河南路 1 号\","
           "\"city\":\"株洲市\",\"postcode\":\"412007\",\"country_code\":"
           "\"CN\"},\"lines\":%s}",
           external_id, currency, lines);
  return call("POST", "/api/v1/orders", body, status);
}

static json_t *
intake(const char *external_id, const char *lines, long status)
{
  return intake_in(external_id, "\"currency\":\"CNY\",", lines, status);
}

static const char *
state_of(json_t *o)
{
  return json_string_value(json_object_get(o, "state"));
}

static void
api_intake_validates_holds_and_releases(void **state)
{
  /* A carton barcode line means 6 units each. */
  json_t *o = intake("DY-1",
                     "[{\"barcode\":\"BOX-2\",\"qty\":2,"
                     "\"unit_price\":\"120.00\"}]",
                     201);
  assert_string_equal(state_of(o), "allocated");
  json_t *line = json_array_get(json_object_get(o, "lines"), 0);
  assert_int_equal(json_integer_value(json_object_get(line, "qty")), 12);
  assert_string_equal(json_string_value(json_object_get(
                          json_object_get(o, "customer"), "email")),
                      "zs@example.cn");
  json_decref(o);
  /* Same id, same content: the same order; other content: refused. */
  json_decref(intake("DY-1",
                     "[{\"barcode\":\"BOX-2\",\"qty\":2,"
                     "\"unit_price\":\"120.00\"}]",
                     200));
  o = intake("DY-1",
             "[{\"barcode\":\"BOX-2\",\"qty\":3,"
             "\"unit_price\":\"120.00\"}]",
             409);
  assert_string_equal(api_json_error_code(o), "conflicting_redelivery");
  json_decref(o);
  /* Unknown SKU: on hold with the reason; fixed, it allocates on release. */
  o = intake("DY-2", "[{\"sku\":\"NEW-1\",\"qty\":1,\"unit_price\":9.9}]", 201);
  assert_string_equal(state_of(o), "on_hold");
  json_t *hold = json_array_get(json_object_get(o, "holds"), 0);
  assert_string_equal(json_string_value(json_object_get(hold, "reason")),
                      "unknown_sku");
  assert_string_equal(json_string_value(json_object_get(hold, "field")),
                      "lines[0].sku");
  /* Its figures as params, for the UIs to word (hold_detail.unknown_sku). */
  json_t *params = json_object_get(hold, "params");
  assert_int_equal(json_integer_value(json_object_get(params, "line")), 1);
  assert_string_equal(json_string_value(json_object_get(params, "sku")),
                      "NEW-1");
  char path[96];
  snprintf(path, sizeof path, "/api/v1/orders/%lld/release",
           (long long)json_integer_value(json_object_get(o, "id")));
  json_decref(o);
  o = call("POST", path, NULL, 200);
  assert_string_equal(state_of(o), "on_hold");
  json_decref(o);
  ok("POST", "/api/v1/products", "{\"sku\":\"NEW-1\",\"name\":\"n\"}", 201);
  ok("POST", "/api/v1/stock/adjustments",
     "{\"warehouse\":\"W1\",\"bin\":\"P-1\",\"sku\":\"NEW-1\","
     "\"qty_delta\":3}",
     201);
  o = call("POST", path, NULL, 200);
  assert_string_equal(state_of(o), "allocated");
  assert_int_equal(json_array_size(json_object_get(o, "holds")), 0);
  json_decref(o);
  /* A price off the price list by more than the 5 % tolerance holds too. */
  ok("POST", "/api/v1/stores/API1/prices",
     "{\"sku\":\"TP-CLEAN\",\"price\":\"10.00\"}", 200);
  o = intake("DY-3", "[{\"sku\":\"TP-CLEAN\",\"qty\":1,\"unit_price\":9.6}]",
             201);
  assert_string_equal(state_of(o), "allocated");
  json_decref(o);
  o = intake("DY-4", "[{\"sku\":\"TP-CLEAN\",\"qty\":1,\"unit_price\":8}]",
             201);
  assert_string_equal(state_of(o), "on_hold");
  json_decref(o);
  /* No currency: the store's (CNY), and no hold; naming it on a
     redelivery is the same content. Another currency still holds. */
  const char *lines = "[{\"sku\":\"TP-CLEAN\",\"qty\":1,\"unit_price\":10}]";
  o = intake_in("DY-5", "", lines, 201);
  assert_int_equal(json_array_size(json_object_get(o, "holds")), 0);
  assert_string_equal(json_string_value(json_object_get(o, "currency")), "CNY");
  json_decref(o);
  json_decref(intake("DY-5", lines, 200));
  o = intake_in("DY-6", "\"currency\":\"USD\",", lines, 201);
  assert_string_equal(state_of(o), "on_hold");
  hold = json_array_get(json_object_get(o, "holds"), 0);
  assert_string_equal(json_string_value(json_object_get(hold, "reason")),
                      "currency_mismatch");
  params = json_object_get(hold, "params");
  assert_string_equal(json_string_value(json_object_get(params, "currency")),
                      "USD");
  assert_string_equal(
      json_string_value(json_object_get(params, "store_currency")), "CNY");
  json_decref(o);
}

static void
back_office_fixes_an_address_and_releases(void **state)
{
  json_t *o = call("POST", "/api/v1/orders",
                   "{\"store\":\"API1\",\"external_id\":\"FIX-1\",\"currency\":"
                   "\"CNY\",\"ship_to\":{\"name\":\"赵六\",\"city\":\"株洲\","
                   "\"country_code\":\"CN\"},\"lines\":[{\"sku\":\"NOSUCH\","
                   "\"qty\":1,\"unit_price\":5}]}",
                   201);
  assert_string_equal(state_of(o), "on_hold");
  assert_int_equal(json_array_size(json_object_get(o, "holds")), 2);
  char path[96];
  snprintf(path, sizeof path, "/api/v1/orders/%lld",
           (long long)json_integer_value(json_object_get(o, "id")));
  json_decref(o);
  o = call("PATCH", path, "{\"lines\":[{\"line\":1,\"sku\":\"NOPE\"}]}", 422);
  assert_string_equal(api_json_error_code(o), "unknown_sku");
  json_decref(o);
  ok("PATCH", path,
     "{\"ship_to\":{\"line1\":\"泰山路 6 号\"},\"lines\":[{\"line\":1,"
     "\"sku\":\"BSS-1\"}]}",
     200);
  char rel[128];
  snprintf(rel, sizeof rel, "%s/release", path);
  o = call("POST", rel, NULL, 200);
  assert_string_equal(state_of(o), "allocated");
  json_decref(o);
  o = call("PATCH", path, "{\"ship_to\":{\"line2\":\"x\"}}", 409);
  assert_string_equal(api_json_error_code(o), "order_not_held");
  json_decref(o);
}

static void
stores_change_and_keep_their_secret(void **state)
{
  json_t *s = call("PATCH", "/api/v1/stores/API1",
                   "{\"name\":\"抖音小店 2\",\"price_tolerance\":10}", 200);
  assert_string_equal(json_string_value(json_object_get(s, "name")),
                      "抖音小店 2");
  assert_null(json_object_get(s, "webhook_secret"));
  json_decref(s);
  expect_code("PATCH", "/api/v1/stores/API1", "{\"warehouse\":\"NOPE\"}", 422,
              "unknown_warehouse");
  expect_code("PATCH", "/api/v1/stores/NOPE", "{\"name\":\"x\"}", 404,
              "not_found");
}

static void
an_order_ships_whole_from_another_warehouse(void **state)
{
  ok("POST", "/api/v1/warehouses", "{\"code\":\"W2\",\"name\":\"w2\"}", 201);
  ok("POST", "/api/v1/warehouses/W2/zones",
     "{\"code\":\"P\",\"type\":"
     "\"pick\"}",
     201);
  ok("POST", "/api/v1/warehouses/W2/bins",
     "{\"code\":\"Q-1\",\"zone\":"
     "\"P\"}",
     201);
  ok("POST", "/api/v1/products", "{\"sku\":\"ONLY-W2\",\"name\":\"x\"}", 201);
  ok("POST", "/api/v1/stock/adjustments",
     "{\"warehouse\":\"W2\",\"bin\":\"Q-1\",\"sku\":\"ONLY-W2\","
     "\"qty_delta\":5}",
     201);
  json_t *o = intake("W2-1",
                     "[{\"sku\":\"ONLY-W2\",\"qty\":3,"
                     "\"unit_price\":4}]",
                     201);
  assert_string_equal(state_of(o), "allocated");
  assert_string_equal(json_string_value(json_object_get(o, "warehouse")), "W2");
  json_decref(o);
  /* More than anyone has: backordered in the store's own warehouse. */
  o = intake("W2-2",
             "[{\"sku\":\"ONLY-W2\",\"qty\":9,"
             "\"unit_price\":4}]",
             201);
  assert_string_equal(state_of(o), "backordered");
  assert_string_equal(json_string_value(json_object_get(o, "warehouse")), "W1");
  /* W1 has none: the 2 W2 has left ship from there, 7 wait. */
  json_t *line = json_array_get(json_object_get(o, "lines"), 0);
  assert_int_equal(json_integer_value(json_object_get(line, "allocated")), 2);
  assert_int_equal(json_integer_value(json_object_get(line, "backordered")), 7);
  json_t *ship = json_array_get(json_object_get(o, "shipments"), 0);
  assert_string_equal(json_string_value(json_object_get(ship, "warehouse")),
                      "W2");
  json_decref(o);
  /* More than either warehouse holds: the line splits, two shipments. */
  ok("POST", "/api/v1/stock/adjustments",
     "{\"warehouse\":\"W2\",\"bin\":\"Q-1\",\"sku\":\"BSS-1\","
     "\"qty_delta\":100}",
     201);
  json_t *s = call("GET", "/api/v1/stock?sku=BSS-1&warehouse=W1", NULL, 200);
  int64_t free_w1 = json_integer_value(json_object_get(
      json_array_get(json_object_get(s, "items"), 0), "available"));
  json_decref(s);
  assert_true(free_w1 > 0);
  char lines[128];
  snprintf(lines, sizeof lines,
           "[{\"sku\":\"BSS-1\",\"qty\":%lld,\"unit_price\":3}]",
           (long long)free_w1 + 99);
  o = intake("SPLIT-1", lines, 201);
  assert_string_equal(state_of(o), "allocated");
  assert_int_equal(json_array_size(json_object_get(o, "shipments")), 2);
  json_decref(o);
}

/* Reserved units of @a sku in bin @a bin of W1, or everywhere (NULL). */
static int64_t
reserved_at(const char *sku, const char *bin)
{
  char path[160];
  if (bin != NULL)
    snprintf(path, sizeof path, "/api/v1/stock?sku=%s&warehouse=W1&bin=%s", sku,
             bin);
  else
    snprintf(path, sizeof path, "/api/v1/stock?sku=%s", sku);
  json_t *s = call("GET", path, NULL, 200);
  int64_t sum = 0;
  size_t i;
  json_t *item;
  json_array_foreach(json_object_get(s, "items"), i, item) sum +=
      json_integer_value(json_object_get(item, "reserved"));
  json_decref(s);
  return sum;
}

static void
order_lines_take_the_first_expiry_first_and_share_a_skus_bins(void **state)
{
  ok("POST", "/api/v1/warehouses/W1/zones",
     "{\"code\":\"QA\",\"type\":\"quarantine\"}", 201);
  const char *bins[] = {"F-1", "F-2", "F-3", "F-Q"};
  for (int i = 0; i < 4; i++) {
    char body[120];
    snprintf(body, sizeof body, "{\"code\":\"%s\",\"zone\":\"%s\"}", bins[i],
             i == 3 ? "QA" : "P");
    ok("POST", "/api/v1/warehouses/W1/bins", body, 201);
  }
  ok("POST", "/api/v1/products",
     "{\"sku\":\"FEFO-1\",\"name\":\"x\",\"expiry_tracked\":true}", 201);
  /* Later lot 4, earlier lot 3, an expired lot and the earliest lot in
   * quarantine, 50 each: only the first two may be promised. */
  const char *stock[] = {"\"bin\":\"F-1\",\"qty_delta\":4,\"lot\":\"LATE\","
                         "\"expiry\":\"2098-06-30\"",
                         "\"bin\":\"F-2\",\"qty_delta\":3,\"lot\":\"EARLY\","
                         "\"expiry\":\"2098-01-31\"",
                         "\"bin\":\"F-3\",\"qty_delta\":50,\"lot\":\"OLD\","
                         "\"expiry\":\"2020-01-31\"",
                         "\"bin\":\"F-Q\",\"qty_delta\":50,\"lot\":\"HELD\","
                         "\"expiry\":\"2097-01-31\""};
  for (int i = 0; i < 4; i++) {
    char body[200];
    snprintf(body, sizeof body, "{\"warehouse\":\"W1\",\"sku\":\"FEFO-1\",%s}",
             stock[i]);
    ok("POST", "/api/v1/stock/adjustments", body, 201);
  }
  /* Two lines of one SKU: the first takes 2 of EARLY, the second the last
   * 1 of EARLY and 3 of LATE. */
  json_t *o = intake("FEFO-A",
                     "[{\"sku\":\"FEFO-1\",\"qty\":2,\"unit_price\":5},"
                     "{\"sku\":\"FEFO-1\",\"qty\":4,\"unit_price\":5}]",
                     201);
  assert_string_equal(state_of(o), "allocated");
  json_decref(o);
  assert_int_equal(reserved_at("FEFO-1", "F-2"), 3);
  assert_int_equal(reserved_at("FEFO-1", "F-1"), 3);
  assert_int_equal(reserved_at("FEFO-1", "F-3"), 0);
  assert_int_equal(reserved_at("FEFO-1", "F-Q"), 0);
  /* One unit is left: an order for 3 gets it and waits for 2. */
  o = intake("FEFO-B", "[{\"sku\":\"FEFO-1\",\"qty\":3,\"unit_price\":5}]",
             201);
  assert_string_equal(state_of(o), "backordered");
  json_t *line = json_array_get(json_object_get(o, "lines"), 0);
  assert_int_equal(json_integer_value(json_object_get(line, "allocated")), 1);
  assert_int_equal(json_integer_value(json_object_get(line, "backordered")), 2);
  json_decref(o);
  assert_int_equal(reserved_at("FEFO-1", "F-1"), 4);
  /* Stock arrives: the backorder takes it and is allocated. */
  ok("POST", "/api/v1/stock/adjustments",
     "{\"warehouse\":\"W1\",\"sku\":\"FEFO-1\",\"bin\":\"F-2\","
     "\"qty_delta\":5,\"lot\":\"EARLY\",\"expiry\":\"2098-01-31\"}",
     201);
  json_t *l = call("GET", "/api/v1/orders?q=FEFO-B", NULL, 200);
  assert_string_equal(state_of(json_array_get(json_object_get(l, "items"), 0)),
                      "allocated");
  json_decref(l);
  assert_int_equal(reserved_at("FEFO-1", "F-2"), 5);
}

static void
orders_to_one_address_share_a_merge_key(void **state)
{
  ok("PATCH", "/api/v1/stores/API1", "{\"allow_merge\":true}", 200);
  json_t *a = intake("M-1",
                     "[{\"sku\":\"TP-CLEAN\",\"qty\":1,"
                     "\"unit_price\":10}]",
                     201);
  json_t *b = intake("M-2",
                     "[{\"sku\":\"TP-CLEAN\",\"qty\":1,"
                     "\"unit_price\":10}]",
                     201);
  const char *ka = json_string_value(json_object_get(a, "merge_key"));
  const char *kb = json_string_value(json_object_get(b, "merge_key"));
  assert_non_null(ka);
  assert_non_null(kb);
  assert_string_equal(ka, kb);
  json_decref(a);
  json_decref(b);
  ok("PATCH", "/api/v1/stores/API1", "{\"allow_merge\":false}", 200);
}

static void
bad_orders_are_refused_whole(void **state)
{
  int64_t before = order_count();
  const char *p = "/api/v1/orders";
  expect_code("POST", p,
              "{\"store\":\"NOPE\",\"external_id\":\"X\",\"currency\":\"CNY\","
              "\"lines\":[{\"sku\":\"RACE\",\"qty\":1,\"unit_price\":1}]}",
              404, "unknown_store");
  json_decref(
      intake("BAD-1", "[{\"sku\":\"RACE\",\"qty\":0,\"unit_price\":1}]", 422));
  json_decref(
      intake("BAD-2", "[{\"sku\":\"RACE\",\"qty\":1,\"unit_price\":0}]", 422));
  json_decref(
      intake("BAD-3", "[{\"sku\":\"RACE\",\"qty\":-1,\"unit_price\":1}]", 422));
  json_decref(intake("BAD-4", "[]", 422));
  json_decref(intake("BAD-5",
                     "[{\"sku\":\"RACE\",\"barcode\":\"BOX-3\","
                     "\"qty\":1,\"unit_price\":1}]",
                     422));
  /* 1001 lines. */
  size_t cap = 1001 * 48 + 16;
  char *lines = malloc(cap);
  size_t used = (size_t)snprintf(lines, cap, "[");
  for (int i = 0; i < 1001; i++)
    used += (size_t)snprintf(lines + used, cap - used,
                             "%s{\"sku\":\"RACE\",\"qty\":1,\"unit_price\":1}",
                             i ? "," : "");
  snprintf(lines + used, cap - used, "]");
  char *body = malloc(cap + 256);
  snprintf(body, cap + 256,
           "{\"store\":\"API1\",\"external_id\":\"BIG\",\"currency\":\"CNY\","
           "\"lines\":%s}",
           lines);
  expect_code("POST", p, body, 422, "too_many_lines");
  free(body);
  free(lines);
  assert_int_equal(order_count(), before);
}

static void
cancel_releases_the_reservations(void **state)
{
  int64_t before = reserved_at("BSS-1", NULL);
  json_t *o =
      intake("DY-9", "[{\"sku\":\"BSS-1\",\"qty\":5,\"unit_price\":3}]", 201);
  int64_t allocated = json_integer_value(json_object_get(
      json_array_get(json_object_get(o, "lines"), 0), "allocated"));
  char path[96];
  snprintf(path, sizeof path, "/api/v1/orders/%lld/cancel",
           (long long)json_integer_value(json_object_get(o, "id")));
  json_decref(o);
  assert_int_equal(reserved_at("BSS-1", NULL), before + allocated);
  o = call("POST", path, NULL, 200);
  assert_string_equal(state_of(o), "cancelled");
  assert_int_equal(json_array_size(json_object_get(o, "shipments")), 0);
  json_decref(o);
  expect_code("POST", path, NULL, 409, "order_not_cancellable");
  assert_int_equal(reserved_at("BSS-1", NULL), before);
  snprintf(path + strlen(path) - strlen("cancel"), 16, "timeline");
  json_t *t = call("GET", path, NULL, 200);
  json_t *items = json_object_get(t, "items");
  assert_int_equal(json_array_size(items), 3);
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(items, 2), "to")),
      "cancelled");
  /* Who did it, by name: the back office shows it. */
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(items, 2), "user")),
      API_ADMIN_USER);
  /* The intake event has a code and params the UIs word, not just a note. */
  json_t *first = json_array_get(items, 0);
  assert_string_equal(json_string_value(json_object_get(first, "code")),
                      "intake");
  assert_non_null(json_string_value(
      json_object_get(json_object_get(first, "params"), "channel")));
  json_decref(t);
}

/*
 * The back office holds an allocated order: a manual hold row says why and
 * its reservation stays; holding again changes nothing; release makes it
 * allocated again without reserving twice; cancel releases the stock. An
 * order that is gone cannot be held.
 */
static void
the_back_office_holds_and_releases(void **state)
{
  ok("POST", "/api/v1/stock/adjustments",
     "{\"warehouse\":\"W1\",\"bin\":\"P-1\",\"sku\":\"BSS-1\","
     "\"qty_delta\":4}",
     201);
  int64_t before = reserved_at("BSS-1", NULL);
  json_t *o =
      intake("DY-10", "[{\"sku\":\"BSS-1\",\"qty\":2,\"unit_price\":3}]", 201);
  assert_string_equal(state_of(o), "allocated");
  char path[96];
  snprintf(path, sizeof path, "/api/v1/orders/%lld/hold",
           (long long)json_integer_value(json_object_get(o, "id")));
  json_decref(o);
  assert_int_equal(reserved_at("BSS-1", NULL), before + 2);
  o = call("POST", path, "{\"note\":\"客户要求改地址\"}", 200);
  assert_string_equal(state_of(o), "on_hold");
  json_t *h = json_array_get(json_object_get(o, "holds"), 0);
  assert_string_equal(json_string_value(json_object_get(h, "reason")),
                      "manual");
  assert_string_equal(json_string_value(json_object_get(h, "detail")),
                      "客户要求改地址");
  assert_int_equal(
      json_integer_value(json_object_get(
          json_array_get(json_object_get(o, "lines"), 0), "allocated")),
      2);
  json_decref(o);
  assert_int_equal(reserved_at("BSS-1", NULL), before + 2);
  o = call("POST", path, NULL, 200);
  assert_int_equal(json_array_size(json_object_get(o, "holds")), 1);
  json_decref(o);
  expect_code("POST", path, "{\"note\":5}", 422, "wrong_type");
  snprintf(path + strlen(path) - strlen("hold"), 16, "release");
  o = call("POST", path, NULL, 200);
  assert_string_equal(state_of(o), "allocated");
  json_decref(o);
  assert_int_equal(reserved_at("BSS-1", NULL), before + 2);
  snprintf(path + strlen(path) - strlen("release"), 16, "cancel");
  json_decref(call("POST", path, NULL, 200));
  assert_int_equal(reserved_at("BSS-1", NULL), before);
  snprintf(path + strlen(path) - strlen("cancel"), 16, "hold");
  expect_code("POST", path, NULL, 409, "order_not_holdable");
  expect_code("POST", "/api/v1/orders/999999/hold", NULL, 404, "not_found");
}

enum { RACERS = 200 };

struct racer {
  pthread_barrier_t *start;
  int n;
  long status;
  char state[32];
};

static void *
race(void *cls)
{
  struct racer *r = cls;
  char body[600];
  snprintf(body, sizeof body,
           "{\"store\":\"API1\",\"external_id\":\"RACE-%d\","
           "\"currency\":\"CNY\",\"ship_to\":{\"name\":\"李四\","
           "\"line1\":\"路 %d 号\",\"city\":\"长沙\",\"country_code\":"
           "\"CN\"},\"lines\":[{\"sku\":\"RACE\",\"qty\":1,"
           "\"unit_price\":5}]}",
           r->n, r->n);
  pthread_barrier_wait(r->start);
  struct api_reply rep;
  if (api_json(&srv, "POST", "/api/v1/orders", body, &rep)) {
    r->status = rep.status;
    const char *st = json_string_value(json_object_get(rep.json, "state"));
    snprintf(r->state, sizeof r->state, "%s", st != NULL ? st : "");
  }
  api_reply_clear(&rep);
  return NULL;
}

static void
racing_intakes_allocate_exactly_the_stock_there_is(void **state)
{
  static struct racer racers[RACERS];
  pthread_t t[RACERS];
  pthread_barrier_t start;
  pthread_barrier_init(&start, NULL, RACERS);
  for (int i = 0; i < RACERS; i++) {
    racers[i] = (struct racer){&start, i, 0, ""};
    pthread_create(&t[i], NULL, race, &racers[i]);
  }
  for (int i = 0; i < RACERS; i++)
    pthread_join(t[i], NULL);
  pthread_barrier_destroy(&start);
  int allocated = 0, backordered = 0;
  for (int i = 0; i < RACERS; i++) {
    assert_int_equal(racers[i].status, 201);
    allocated += strcmp(racers[i].state, "allocated") == 0;
    backordered += strcmp(racers[i].state, "backordered") == 0;
  }
  assert_int_equal(allocated, 50);
  assert_int_equal(backordered, RACERS - 50);
  json_t *s = call("GET", "/api/v1/stock?sku=RACE", NULL, 200);
  json_t *item = json_array_get(json_object_get(s, "items"), 0);
  assert_int_equal(json_integer_value(json_object_get(item, "reserved")), 50);
  assert_int_equal(json_integer_value(json_object_get(item, "available")), 0);
  json_decref(s);
}

static void
arriving_stock_fills_backorders_oldest_first(void **state)
{
  ok("POST", "/api/v1/stock/adjustments",
     "{\"warehouse\":\"W1\",\"bin\":\"P-1\",\"sku\":\"RACE\","
     "\"qty_delta\":10,\"reason\":\"receipt\"}",
     201);
  json_t *l = call("GET", "/api/v1/orders?state=backordered&q=RACE-&limit=1000",
                   NULL, 200);
  assert_int_equal(json_array_size(json_object_get(l, "items")), RACERS - 60);
  json_decref(l);
  json_t *s = call("GET", "/api/v1/stock?sku=RACE", NULL, 200);
  json_t *item = json_array_get(json_object_get(s, "items"), 0);
  assert_int_equal(json_integer_value(json_object_get(item, "reserved")), 60);
  json_decref(s);
}

/* Items of list @a path (an "items" page). */
static size_t
count_of(const char *path)
{
  json_t *l = call("GET", path, NULL, 200);
  size_t n = json_array_size(json_object_get(l, "items"));
  json_decref(l);
  return n;
}

/*
 * Every list with ?q= matches the text as typed: % and _ are no LIKE
 * wildcards (suppliers matched everything with q=%).
 */
static void
q_is_text_not_a_pattern(void **state)
{
  ok("POST", "/api/v1/suppliers", "{\"code\":\"QS1\",\"name\":\"100% 棉\"}",
     201);
  ok("POST", "/api/v1/suppliers", "{\"code\":\"QS2\",\"name\":\"麻\"}", 201);
  assert_int_equal(count_of("/api/v1/suppliers?q=%25"), 1);
  assert_int_equal(count_of("/api/v1/suppliers?q=0%25"), 1);
  assert_int_equal(count_of("/api/v1/suppliers?q=qs"), 2);
  static const char *const lists[] = {
      "/api/v1/suppliers", "/api/v1/products",   "/api/v1/customers",
      "/api/v1/orders",    "/api/v1/warehouses",
  };
  for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
    char path[96];
    assert_true(count_of(lists[i]) > 0);
    snprintf(path, sizeof path, "%s?q=_", lists[i]);
    assert_int_equal(count_of(path), 0);
    snprintf(path, sizeof path, "%s?q=%%25%%25", lists[i]);
    assert_int_equal(count_of(path), 0);
  }
}

int
main(int argc, char **argv)
{
  static char dir[512];
  const char *base = getenv("DEPOT_FIXTURES");
  snprintf(dir, sizeof dir, "%s/channel_orders",
           base != NULL ? base : "../shared/fixtures");
  fixtures = dir;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(
          signed_webhooks_are_taken_in_once_and_tampered_ones_refused),
      cmocka_unit_test(api_intake_validates_holds_and_releases),
      cmocka_unit_test(back_office_fixes_an_address_and_releases),
      cmocka_unit_test(stores_change_and_keep_their_secret),
      cmocka_unit_test(an_order_ships_whole_from_another_warehouse),
      cmocka_unit_test(
          order_lines_take_the_first_expiry_first_and_share_a_skus_bins),
      cmocka_unit_test(orders_to_one_address_share_a_merge_key),
      cmocka_unit_test(bad_orders_are_refused_whole),
      cmocka_unit_test(cancel_releases_the_reservations),
      cmocka_unit_test(the_back_office_holds_and_releases),
      cmocka_unit_test(racing_intakes_allocate_exactly_the_stock_there_is),
      cmocka_unit_test(arriving_stock_fills_backorders_oldest_first),
      cmocka_unit_test(q_is_text_not_a_pattern),
  };
  int rc = cmocka_run_group_tests(tests, setup, teardown);
  curl_global_cleanup();
  return rc;
}
