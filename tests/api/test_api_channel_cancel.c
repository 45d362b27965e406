/*
 * Cancellations at the channel over real HTTP: signed Shopify deliveries
 * with cancelled_at and WooCommerce orders cancelled or refunded cancel
 * the Depot order as the back office's cancel does. Before picking the
 * reservations are released; after picking the units wait in their tote
 * for putback on the exceptions desk (cancelled_after_pick); after
 * shipping the order keeps its state and is flagged for after-sales
 * (channel_cancelled_after_ship). Every redelivery answers 200 and changes
 * nothing, an unsigned one is refused, and the timeline says what happened.
 */
#include "api_harness.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api_steps.h"

#define SECRET "channel cancel secret"

static struct api_server srv, picker;
static int next_key = 1;
static int next_tote = 1;

#define ok(m, p, b, st) api_step_ok(&srv, m, p, b, st)

static void
setup_warehouse(void)
{
  ok("POST", "/api/v1/warehouses", "{\"code\":\"W5\",\"name\":\"w5\"}", 201);
  ok("POST", "/api/v1/warehouses/W5/zones",
     "{\"code\":\"P\",\"type\":\"pick\"}", 201);
  ok("POST", "/api/v1/warehouses/W5/bins",
     "{\"code\":\"P-01\",\"zone\":\"P\",\"pick_sequence\":1}", 201);
  ok("POST", "/api/v1/warehouses/W5/totes",
     "{\"prefix\":\"C\",\"from\":1,\"to\":20}", 201);
  ok("POST", "/api/v1/products",
     "{\"sku\":\"MUG\",\"name\":\"mug\",\"weight_kg\":\"0.300\","
     "\"barcodes\":[{\"code\":\"MUG-BC\"}]}",
     201);
  ok("POST", "/api/v1/stock/adjustments",
     "{\"warehouse\":\"W5\",\"bin\":\"P-01\",\"sku\":\"MUG\",\"qty_delta\":"
     "100}",
     201);
  ok("POST", "/api/v1/carriers",
     "{\"code\":\"CX\",\"name\":\"Courier\",\"transit_days\":2,"
     "\"tracking\":{\"prefix\":\"CX\",\"digits\":9,\"check_digit\":\"mod10\","
     "\"first\":1,\"last\":5000}}",
     201);
  ok("POST", "/api/v1/carton-types", "{\"code\":\"BOX\",\"tare_g\":100}", 201);
  const char *stores[] = {"SHOPC", "shopify", "WOOC", "woocommerce"};
  for (int i = 0; i < 4; i += 2) {
    char body[300];
    snprintf(body, sizeof body,
             "{\"code\":\"%s\",\"name\":\"shop\",\"channel\":\"%s\","
             "\"warehouse\":\"W5\",\"webhook_secret\":\"" SECRET "\","
             "\"currency\":\"USD\",\"carrier\":\"CX\"}",
             stores[i], stores[i + 1]);
    ok("POST", "/api/v1/stores", body, 201);
  }
}

static int
setup(void **state)
{
  if (!api_server_start(&srv, "api_channel_cancel", false, NULL))
    return -1;
  setup_warehouse();
  assert_true(
      api_add_user(&srv, "cpicker", "picker", "W5", "correct horse 42"));
  picker = srv;
  return api_login(&srv, "cpicker", "correct horse 42", picker.token, NULL) ==
                 200
             ? 0
             : -1;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

/* A Shopify order payload of @a qty mugs; @a cancelled_at may be NULL. */
static void
shopify_body(char *out, size_t len, const char *id, int qty,
             const char *cancelled_at)
{
  char when[96] = "null";
  if (cancelled_at != NULL)
    snprintf(when, sizeof when, "\"%s\",\"cancel_reason\":\"customer\"",
             cancelled_at);
  snprintf(out, len,
           "{\"id\":%s,\"currency\":\"USD\",\"email\":\"a@example.com\","
           "\"total_price\":\"%d.00\",\"cancelled_at\":%s,"
           "\"customer\":{\"first_name\":\"Ann\",\"last_name\":\"Lee\"},"
           "\"shipping_address\":{\"name\":\"Ann Lee\",\"address1\":\"1 Main "
           "St\",\"city\":\"Springfield\",\"zip\":\"12345\","
           "\"country_code\":\"US\"},\"line_items\":[{\"sku\":\"MUG\","
           "\"quantity\":%d,\"price\":\"1.00\"}]}",
           id, qty, when, qty);
}

/* The same for WooCommerce, in @a status. */
static void
woo_body(char *out, size_t len, const char *id, int qty, const char *status)
{
  snprintf(out, len,
           "{\"id\":%s,\"status\":\"%s\",\"currency\":\"USD\","
           "\"total\":\"%d.00\",\"shipping_total\":\"0.00\",\"billing\":{"
           "\"first_name\":\"Bo\","
           "\"last_name\":\"Li\",\"email\":\"b@example.com\"},"
           "\"shipping\":{\"first_name\":\"Bo\",\"last_name\":\"Li\","
           "\"address_1\":\"2 Side St\",\"city\":\"Shelbyville\","
           "\"postcode\":\"54321\",\"country\":\"US\"},"
           "\"line_items\":[{\"sku\":\"MUG\",\"quantity\":%d,"
           "\"price\":\"1.00\"}]}",
           id, status, qty, qty);
}

/*
 * Delivers @a body to store @a store's webhook, signed as the channel
 * signs (base64 HMAC-SHA256) unless @a sign is false. Returns the reply
 * (caller decrefs) after checking its status is @a status.
 */
static json_t *
deliver(const char *store, const char *body, bool sign, long status)
{
  bool shop = strcmp(store, "SHOPC") == 0;
  unsigned char mac[EVP_MAX_MD_SIZE], b64[80];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), SECRET, (int)strlen(SECRET), (const unsigned char *)body,
       strlen(body), mac, &mac_len);
  EVP_EncodeBlock(b64, mac, (int)mac_len);
  char path[96], header[160];
  snprintf(path, sizeof path, "/api/v1/stores/%s/webhooks/%s", store,
           shop ? "shopify" : "woocommerce");
  snprintf(header, sizeof header, "%s: %s",
           shop ? "X-Shopify-Hmac-Sha256" : "X-WC-Webhook-Signature",
           sign ? (const char *)b64 : "AAAA");
  const char *headers[] = {header, NULL};
  struct api_server anon = srv;
  anon.token[0] = '\0';
  struct api_reply r;
  assert_true(
      api_call(&anon, "POST", path, body, strlen(body), NULL, headers, &r));
  if (r.status != status)
    fail_msg("%s: got %ld %s, want %ld", path, r.status, r.body, status);
  json_t *j = json_incref(r.json);
  api_reply_clear(&r);
  return j;
}

static const char *
state_of(const json_t *o)
{
  return json_string_value(json_object_get(o, "state"));
}

static int64_t
mug(const char *query, const char *figure)
{
  char path[160];
  snprintf(path, sizeof path, "/api/v1/stock?sku=MUG&warehouse=W5%s", query);
  json_t *j = api_step(&srv, "GET", path, NULL, 200);
  int64_t v = json_integer_value(
      json_object_get(json_array_get(json_object_get(j, "items"), 0), figure));
  json_decref(j);
  return v;
}

/* The order's timeline; asserts its last event goes to @a to, noting @a in. */
static void
last_event(int64_t id, const char *to, const char *in, size_t events)
{
  char path[96];
  snprintf(path, sizeof path, "/api/v1/orders/%lld/timeline", (long long)id);
  json_t *t = api_step(&srv, "GET", path, NULL, 200);
  json_t *items = json_object_get(t, "items");
  assert_int_equal(json_array_size(items), events);
  json_t *e = json_array_get(items, json_array_size(items) - 1);
  assert_string_equal(json_string_value(json_object_get(e, "to")), to);
  const char *note = json_string_value(json_object_get(e, "note"));
  if (strstr(note, in) == NULL)
    fail_msg("timeline note '%s' does not say '%s'", note, in);
  json_decref(t);
}

static json_t *
scan(int64_t list, const char *code, int qty)
{
  char path[64], body[200];
  snprintf(path, sizeof path, "/api/v1/picklists/%lld/scan", (long long)list);
  snprintf(body, sizeof body,
           "{\"code\":\"%s\",\"qty\":%d,\"idempotency_key\":\"cc-%d\"}", code,
           qty > 0 ? qty : 1, next_key++);
  return api_step(&picker, "POST", path, body, 200);
}

/* Waves W5 and picks the one list to the end; returns the tote's code. */
static const char *
wave_and_pick(void)
{
  static char tote[8];
  ok("POST", "/api/v1/waves", "{\"warehouse\":\"W5\"}", 201);
  json_t *v = api_step(&picker, "POST", "/api/v1/picklists/next",
                       "{\"warehouse\":\"W5\"}", 200);
  int64_t list = json_integer_value(json_object_get(v, "picklist"));
  for (;;) {
    const char *action = json_string_value(json_object_get(v, "action"));
    json_t *task = json_object_get(v, "task");
    json_t *n;
    if (strcmp(action, "done") == 0)
      break;
    if (strcmp(action, "scan_bin") == 0) {
      n = scan(list, json_string_value(json_object_get(task, "bin")), 0);
    } else if (strcmp(action, "scan_item") == 0) {
      n = scan(list, "MUG-BC",
               (int)json_integer_value(json_object_get(task, "remaining")));
    } else {
      snprintf(tote, sizeof tote, "C%03d", next_tote++);
      n = scan(list, tote, 0);
    }
    json_decref(v);
    v = n;
  }
  json_decref(v);
  return tote;
}

/* Packs order @a external into one carton of @a qty mugs and ships it. */
static void
pack_and_ship(const char *external, int qty)
{
  char body[120], path[96];
  snprintf(body, sizeof body, "{\"code\":\"%s\"}", external);
  json_t *sh = api_step(&picker, "POST", "/api/v1/packing/open", body, 201);
  int64_t ship = json_integer_value(json_object_get(sh, "id"));
  json_decref(sh);
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/cartons",
           (long long)ship);
  json_t *c = api_step(&picker, "POST", path, "{\"carton_type\":\"BOX\"}", 201);
  int64_t cid = json_integer_value(
      json_object_get(json_array_get(json_object_get(c, "cartons"), 0), "id"));
  json_decref(c);
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/scan", (long long)cid);
  snprintf(body, sizeof body, "{\"code\":\"MUG-BC\",\"qty\":%d}", qty);
  api_step_ok(&picker, "POST", path, body, 200);
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/close", (long long)cid);
  snprintf(body, sizeof body, "{\"weight_g\":%d}", 100 + qty * 300);
  api_step_ok(&picker, "POST", path, body, 200);
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/ship", (long long)ship);
  api_step_ok(&picker, "POST", path, NULL, 200);
}

static void
shopify_cancel_before_pick_releases_the_reservation(void **state)
{
  char body[1200];
  int64_t reserved = mug("", "reserved");
  shopify_body(body, sizeof body, "5001", 4, NULL);
  json_t *o = deliver("SHOPC", body, true, 201);
  int64_t id = json_integer_value(json_object_get(o, "id"));
  assert_string_equal(state_of(o), "allocated");
  json_decref(o);
  assert_int_equal(mug("", "reserved"), reserved + 4);
  /* orders/cancelled: the same order with cancelled_at, signed. */
  shopify_body(body, sizeof body, "5001", 4, "2026-12-06T08:00:00+08:00");
  json_decref(deliver("SHOPC", body, false, 401));
  assert_int_equal(mug("", "reserved"), reserved + 4);
  o = deliver("SHOPC", body, true, 200);
  assert_string_equal(state_of(o), "cancelled");
  json_decref(o);
  assert_int_equal(mug("", "reserved"), reserved);
  last_event(id, "cancelled", "cancelled at the channel: shopify cancelled_at",
             3);
  /* A redelivery answers 200 and does nothing twice. */
  o = deliver("SHOPC", body, true, 200);
  assert_string_equal(state_of(o), "cancelled");
  json_decref(o);
  last_event(id, "cancelled", "shopify", 3);
  assert_int_equal(mug("", "reserved"), reserved);
}

static void
shopify_cancel_after_pick_leaves_the_units_in_the_tote(void **state)
{
  char body[1200];
  shopify_body(body, sizeof body, "5002", 3, NULL);
  json_t *o = deliver("SHOPC", body, true, 201);
  int64_t id = json_integer_value(json_object_get(o, "id"));
  json_decref(o);
  const char *tote = wave_and_pick();
  char q[64];
  snprintf(q, sizeof q, "&bin=%s", tote);
  assert_int_equal(mug(q, "on_hand"), 3);
  assert_int_equal(mug(q, "reserved"), 3);
  shopify_body(body, sizeof body, "5002", 3, "2026-12-06T09:00:00+08:00");
  o = deliver("SHOPC", body, true, 200);
  assert_string_equal(state_of(o), "cancelled");
  json_decref(o);
  /* The units wait in the tote, no longer promised, for putback. */
  assert_int_equal(mug(q, "on_hand"), 3);
  assert_int_equal(mug(q, "reserved"), 0);
  json_t *ex = api_step(
      &srv, "GET",
      "/api/v1/exceptions?warehouse=W5&kind=cancelled_after_pick&state=open",
      NULL, 200);
  json_t *items = json_object_get(ex, "items");
  assert_int_equal(json_array_size(items), 1);
  json_t *e = json_array_get(items, 0);
  assert_string_equal(json_string_value(json_object_get(e, "location")), tote);
  assert_string_equal(json_string_value(json_object_get(e, "order")), "5002");
  assert_int_equal(json_integer_value(json_object_get(e, "qty")), 3);
  json_decref(ex);
  last_event(id, "cancelled", "cancelled at the channel", 4);
  /* Redelivered: still one exception. */
  json_decref(deliver("SHOPC", body, true, 200));
  ex = api_step(
      &srv, "GET",
      "/api/v1/exceptions?warehouse=W5&kind=cancelled_after_pick&state=open",
      NULL, 200);
  assert_int_equal(json_array_size(json_object_get(ex, "items")), 1);
  json_decref(ex);
}

static void
shopify_cancel_after_ship_flags_the_order(void **state)
{
  char body[1200];
  shopify_body(body, sizeof body, "5003", 2, NULL);
  json_t *o = deliver("SHOPC", body, true, 201);
  int64_t id = json_integer_value(json_object_get(o, "id"));
  json_decref(o);
  wave_and_pick();
  pack_and_ship("5003", 2);
  int64_t on_hand = mug("", "on_hand");
  shopify_body(body, sizeof body, "5003", 2, "2026-12-06T10:00:00+08:00");
  for (int i = 0; i < 2; i++) {
    o = deliver("SHOPC", body, true, 200);
    assert_string_equal(state_of(o), "shipped");
    json_t *holds = json_object_get(o, "holds");
    assert_int_equal(json_array_size(holds), 1);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(holds, 0), "reason")),
        "channel_cancelled_after_ship");
    json_decref(o);
    /* Once in the timeline, however often it is delivered. */
    last_event(id, "shipped", "channel_cancelled_after_ship", 6);
  }
  assert_int_equal(mug("", "on_hand"), on_hand);
  /* After-sales takes it over: a return of the order releases the hold,
   * once, with an event in the order's timeline. */
  char rb[200], path[96];
  snprintf(rb, sizeof rb,
           "{\"order\":%lld,\"lines\":[{\"sku\":\"MUG\",\"qty\":2,"
           "\"reason\":\"other\"}],\"idempotency_key\":\"cc-rma\"}",
           (long long)id);
  for (int i = 0; i < 2; i++)
    ok("POST", "/api/v1/returns", rb, i == 0 ? 201 : 200);
  snprintf(path, sizeof path, "/api/v1/orders/%lld", (long long)id);
  o = api_step(&srv, "GET", path, NULL, 200);
  assert_string_equal(state_of(o), "shipped");
  assert_int_equal(json_array_size(json_object_get(o, "holds")), 0);
  json_decref(o);
  snprintf(path, sizeof path, "/api/v1/orders/%lld/timeline", (long long)id);
  json_t *t = api_step(&srv, "GET", path, NULL, 200);
  json_t *items = json_object_get(t, "items");
  int released = 0;
  for (size_t i = 0; i < json_array_size(items); i++) {
    const char *c =
        json_string_value(json_object_get(json_array_get(items, i), "code"));
    released += c != NULL && strcmp(c, "rma_hold_released") == 0;
  }
  json_decref(t);
  assert_int_equal(released, 1);
}

static void
woocommerce_refunded_and_cancelled_orders_are_cancelled(void **state)
{
  char body[1200];
  int64_t reserved = mug("", "reserved");
  woo_body(body, sizeof body, "7001", 5, "processing");
  json_t *o = deliver("WOOC", body, true, 201);
  int64_t id = json_integer_value(json_object_get(o, "id"));
  json_decref(o);
  assert_int_equal(mug("", "reserved"), reserved + 5);
  woo_body(body, sizeof body, "7001", 5, "refunded");
  o = deliver("WOOC", body, true, 200);
  assert_string_equal(state_of(o), "cancelled");
  json_decref(o);
  assert_int_equal(mug("", "reserved"), reserved);
  last_event(id, "cancelled", "woocommerce status refunded", 3);
  json_decref(deliver("WOOC", body, true, 200));
  last_event(id, "cancelled", "refunded", 3);
  /* An order first seen cancelled is taken in and cancelled at once. */
  woo_body(body, sizeof body, "7002", 1, "cancelled");
  o = deliver("WOOC", body, true, 201);
  assert_string_equal(state_of(o), "cancelled");
  json_decref(o);
  assert_int_equal(mug("", "reserved"), reserved);
  json_decref(deliver("WOOC", body, true, 200));
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(shopify_cancel_before_pick_releases_the_reservation),
      cmocka_unit_test(shopify_cancel_after_pick_leaves_the_units_in_the_tote),
      cmocka_unit_test(shopify_cancel_after_ship_flags_the_order),
      cmocka_unit_test(woocommerce_refunded_and_cancelled_orders_are_cancelled),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
