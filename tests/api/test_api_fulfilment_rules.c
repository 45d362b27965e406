/*
 * Fulfilment rules over real HTTP: a GS1 scan of another lot is swapped
 * in, waves filter by lines and split by zone (consolidated at packing),
 * tracking numbers carry their S10 check digit, delivery estimates skip
 * weekends and holidays, and bad wave filters are refused.
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

#include <cmocka.h>

#include "api_steps.h"

static struct api_server srv, lead, picker;
static int next_key = 1;
static int next_order = 1;
static int next_tote = 1;

#define ok(m, p, b, st) api_step_ok(&srv, m, p, b, st)

static void
login_as(struct api_server *out, const char *user, const char *role)
{
  assert_true(api_add_user(&srv, user, role, "W2", "correct horse 42"));
  *out = srv;
  assert_int_equal(api_login(&srv, user, "correct horse 42", out->token, NULL),
                   200);
}

static void
setup_locations(void)
{
  ok("POST", "/api/v1/warehouses", "{\"code\":\"W2\",\"name\":\"w2\"}", 201);
  for (int z = 1; z <= 2; z++) {
    char body[200];
    snprintf(body, sizeof body, "{\"code\":\"P%d\",\"type\":\"pick\"}", z);
    ok("POST", "/api/v1/warehouses/W2/zones", body, 201);
    for (int b = 1; b <= 3; b++) {
      snprintf(body, sizeof body,
               "{\"code\":\"P%d-0%d\",\"zone\":\"P%d\",\"pick_sequence\":%d}",
               z, b, z, z * 10 + b);
      ok("POST", "/api/v1/warehouses/W2/bins", body, 201);
    }
  }
  ok("POST", "/api/v1/warehouses/W2/totes",
     "{\"prefix\":\"U\",\"from\":1,\"to\":50}", 201);
}

static void
adjust(const char *bin, const char *sku, const char *lot, int qty)
{
  char body[300];
  snprintf(body, sizeof body,
           "{\"warehouse\":\"W2\",\"bin\":\"%s\",\"sku\":\"%s\",\"qty_delta\":"
           "%d%s%s%s}",
           bin, sku, qty, lot != NULL ? ",\"lot\":\"" : "",
           lot != NULL ? lot : "", lot != NULL ? "\"" : "");
  ok("POST", "/api/v1/stock/adjustments", body, 201);
}

static void
setup_catalog(void)
{
  ok("POST", "/api/v1/products",
     "{\"sku\":\"LOT-1\",\"name\":\"tea\",\"lot_tracked\":true,"
     "\"weight_kg\":\"0.250\",\"barcodes\":[{\"code\":\"4006381333931\"}]}",
     201);
  ok("POST", "/api/v1/products",
     "{\"sku\":\"Z-1\",\"name\":\"cup\",\"weight_kg\":\"0.300\","
     "\"barcodes\":[{\"code\":\"ZC-1\"}]}",
     201);
  ok("POST", "/api/v1/products",
     "{\"sku\":\"Z-2\",\"name\":\"bowl\",\"weight_kg\":\"0.400\","
     "\"barcodes\":[{\"code\":\"ZC-2\"}]}",
     201);
  adjust("P1-01", "LOT-1", "L1", 20);
  adjust("P1-01", "LOT-1", "L2", 20);
  adjust("P1-02", "Z-1", NULL, 50);
  adjust("P2-01", "Z-2", NULL, 50);
}

static int
setup(void **state)
{
  if (!api_server_start(&srv, "api_fulfilment_rules", false, NULL))
    return -1;
  setup_locations();
  setup_catalog();
  ok("POST", "/api/v1/stores",
     "{\"code\":\"S2\",\"name\":\"shop\",\"channel\":\"api\","
     "\"warehouse\":\"W2\",\"currency\":\"CNY\",\"carrier\":\"POST\"}",
     201);
  ok("POST", "/api/v1/carriers",
     "{\"code\":\"POST\",\"name\":\"China Post\",\"transit_days\":2,"
     "\"tracking\":{\"prefix\":\"EA\",\"suffix\":\"CN\",\"digits\":8,"
     "\"check_digit\":\"s10\",\"first\":12345670,\"last\":12349999}}",
     201);
  ok("POST", "/api/v1/carton-types", "{\"code\":\"B\",\"tare_g\":50}", 201);
  login_as(&lead, "lead2", "warehouse_lead");
  login_as(&picker, "picker2", "picker");
  return 0;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

/* An order of @a lines (JSON array text); returns its external id. */
static const char *
intake(const char *lines)
{
  static char code[16];
  char body[800];
  snprintf(code, sizeof code, "R%03d", next_order++);
  snprintf(body, sizeof body,
           "{\"store\":\"S2\",\"external_id\":\"%s\",\"currency\":\"CNY\","
           "\"customer\":{\"name\":\"赵六\",\"phone\":\"13900000000\"},"
           "\"ship_to\":{\"name\":\"赵六\",\"line1\":\"芦淞区 建设路 3 号\","
           "\"city\":\"株洲市\",\"postcode\":\"412000\",\"country_code\":"
           "\"CN\"},\"lines\":%s}",
           code, lines);
  api_step_ok(&srv, "POST", "/api/v1/orders", body, 201);
  return code;
}

static json_t *
scan(int64_t list, const char *code, int qty, long status)
{
  char path[64], body[300];
  snprintf(path, sizeof path, "/api/v1/picklists/%lld/scan", (long long)list);
  snprintf(body, sizeof body,
           "{\"code\":\"%s\",\"qty\":%d,\"idempotency_key\":\"r-%d\"}", code,
           qty > 0 ? qty : 1, next_key++);
  return api_step(&picker, "POST", path, body, status);
}

static const char *
task(const json_t *view, const char *name)
{
  return json_string_value(
      json_object_get(json_object_get(view, "task"), name));
}

static int64_t
stock_of(const char *query, const char *figure)
{
  char path[160];
  snprintf(path, sizeof path, "/api/v1/stock?warehouse=W2&%s", query);
  json_t *j = api_step(&srv, "GET", path, NULL, 200);
  int64_t v = json_integer_value(
      json_object_get(json_array_get(json_object_get(j, "items"), 0), figure));
  json_decref(j);
  return v;
}

static json_t *
next_list(void)
{
  return api_step(&picker, "POST", "/api/v1/picklists/next", NULL, 200);
}

/* Picks list @a v (taken) to the end, scanning items by @a item_code. */
static void
pick_all(json_t *v, const char *(*item_code)(const char *sku))
{
  int64_t list = json_integer_value(json_object_get(v, "picklist"));
  for (;;) {
    const char *action = json_string_value(json_object_get(v, "action"));
    json_t *n;
    if (strcmp(action, "done") == 0)
      break;
    if (strcmp(action, "scan_bin") == 0) {
      n = scan(list, task(v, "bin"), 0, 200);
    } else if (strcmp(action, "scan_item") == 0) {
      n = scan(list, item_code(task(v, "sku")),
               (int)json_integer_value(
                   json_object_get(json_object_get(v, "task"), "remaining")),
               200);
    } else {
      char tote[8];
      if (task(v, "tote") != NULL)
        snprintf(tote, sizeof tote, "%s", task(v, "tote"));
      else
        snprintf(tote, sizeof tote, "U%03d", next_tote++);
      n = scan(list, tote, 0, 200);
    }
    json_decref(v);
    v = n;
  }
  json_decref(v);
}

static const char *
plain_code(const char *sku)
{
  return strcmp(sku, "Z-1") == 0 ? "ZC-1" : "ZC-2";
}

static void
gs1_scan_of_another_lot_is_swapped_in(void **state)
{
  intake("[{\"sku\":\"LOT-1\",\"qty\":2,\"unit_price\":\"50.00\"}]");
  api_step_ok(&lead, "POST", "/api/v1/waves", "{\"warehouse\":\"W2\"}", 201);
  json_t *v = next_list();
  int64_t list = json_integer_value(json_object_get(v, "picklist"));
  assert_string_equal(task(v, "lot"), "L1");
  json_decref(v);
  char body[64];
  snprintf(body, sizeof body, "{\"code\":\"PL-%lld\"}", (long long)list);
  json_t *what = api_step(&picker, "POST", "/api/v1/scans/resolve", body, 200);
  assert_string_equal(json_string_value(json_object_get(what, "kind")),
                      "picklist");
  json_decref(what);
  what = api_step(&picker, "POST", "/api/v1/scans/resolve",
                  "{\"code\":\"U050\"}", 200);
  assert_string_equal(json_string_value(json_object_get(what, "kind")), "tote");
  json_decref(what);
  json_decref(scan(list, "P1-01", 0, 200));
  json_t *r = scan(list, "(01)04006381333931(10)L9", 1, 409);
  assert_string_equal(api_json_error_code(r), "wrong_lot");
  json_decref(r);
  v = scan(list, "(01)04006381333931(10)L2", 2, 200);
  assert_string_equal(task(v, "hand_lot"), "L2");
  json_decref(v);
  v = scan(list, "U050", 0, 200);
  assert_string_equal(json_string_value(json_object_get(v, "action")), "done");
  json_decref(v);
  /* L1 is free again in the bin; two units of L2 went to the tote. */
  assert_int_equal(stock_of("sku=LOT-1&bin=P1-01&lot=L1", "reserved"), 0);
  assert_int_equal(stock_of("sku=LOT-1&bin=P1-01&lot=L1", "on_hand"), 20);
  assert_int_equal(stock_of("sku=LOT-1&bin=P1-01&lot=L2", "on_hand"), 18);
  assert_int_equal(stock_of("sku=LOT-1&bin=U050&lot=L2", "reserved"), 2);
}

static void
bad_wave_filters_are_refused(void **state)
{
  json_t *r = api_step(&lead, "POST", "/api/v1/waves",
                       "{\"warehouse\":\"W2\",\"cutoff\":\"yesterday\"}", 422);
  assert_string_equal(api_json_error_code(r), "invalid_value");
  json_decref(r);
  api_step_code(&lead, "POST", "/api/v1/waves",
                "{\"warehouse\":\"W2\",\"store\":\"NOPE\"}", 404,
                "unknown_store");
  api_step_code(&lead, "POST", "/api/v1/waves",
                "{\"warehouse\":\"W2\",\"cutoff\":\"2001-01-01T00:00:00Z\"}",
                409, "no_matching_orders");
  api_step_code(&picker, "POST", "/api/v1/waves", "{\"warehouse\":\"W2\"}", 403,
                "forbidden");
}

/* Zone picking: one list per zone; packing opens once both are done. */
static void
waves_filter_by_lines_and_split_by_zone(void **state)
{
  intake("[{\"sku\":\"Z-1\",\"qty\":1,\"unit_price\":\"9.00\"}]");
  intake("[{\"sku\":\"Z-1\",\"qty\":2,\"unit_price\":\"9.00\"}]");
  const char *multi = intake("[{\"sku\":\"Z-1\",\"qty\":1,\"unit_price\":"
                             "\"9.00\"},{\"sku\":\"Z-2\",\"qty\":3,"
                             "\"unit_price\":\"9.00\"}]");
  char order[16];
  snprintf(order, sizeof order, "%s", multi);
  json_t *w = api_step(&lead, "POST", "/api/v1/waves",
                       "{\"warehouse\":\"W2\",\"lines\":\"multi\","
                       "\"zone_picking\":true}",
                       201);
  assert_int_equal(json_integer_value(json_object_get(w, "orders")), 1);
  json_t *lists = json_object_get(w, "picklists");
  assert_int_equal(json_array_size(lists), 2);
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(lists, 0), "zone")),
      "P1");
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(lists, 1), "zone")),
      "P2");
  json_decref(w);
  char body[80];
  snprintf(body, sizeof body, "{\"code\":\"%s\"}", order);
  pick_all(next_list(), plain_code);
  api_step_code(&picker, "POST", "/api/v1/packing/open", body, 409,
                "order_not_picked");
  pick_all(next_list(), plain_code);
  json_t *sh = api_step(&picker, "POST", "/api/v1/packing/open", body, 201);
  assert_int_equal(json_array_size(json_object_get(sh, "items")), 2);
  json_decref(sh);
  w = api_step(&lead, "POST", "/api/v1/waves",
               "{\"warehouse\":\"W2\",\"lines\":\"single\"}", 201);
  assert_int_equal(json_integer_value(json_object_get(w, "orders")), 2);
  json_decref(w);
}

/* S10: weights 8 6 4 2 3 5 9 7 over the 8 digits; 10 -> 0, 11 -> 5. */
static bool
s10_ok(const char *t)
{
  static const int w[] = {8, 6, 4, 2, 3, 5, 9, 7};
  if (strlen(t) != 13 || strncmp(t, "EA", 2) != 0 || strcmp(t + 11, "CN") != 0)
    return false;
  int sum = 0;
  for (int i = 0; i < 8; i++)
    sum += (t[2 + i] - '0') * w[i];
  int c = 11 - sum % 11;
  c = c == 10 ? 0 : c == 11 ? 5 : c;
  return t[10] - '0' == c;
}

/* Today + @a n business days, skipping weekends and the next @a hol days. */
static void
expected_eta(int n, int hol, char *out, size_t len)
{
  time_t now = time(NULL);
  struct tm day;
  gmtime_r(&now, &day);
  day.tm_hour = 12;
  time_t t = timegm(&day);
  int left = n;
  for (int i = 1; left > 0; i++) {
    time_t d = t + (time_t)i * 86400;
    struct tm dm;
    gmtime_r(&d, &dm);
    if (dm.tm_wday != 0 && dm.tm_wday != 6 && i > hol)
      left--;
    if (left == 0)
      strftime(out, len, "%Y-%m-%d", &dm);
  }
}

static void
tracking_numbers_and_delivery_estimates(void **state)
{
  char days[600] = "{\"days\":[", d[64];
  time_t now = time(NULL);
  for (int i = 1; i <= 5; i++) {
    time_t t = now + (time_t)i * 86400;
    struct tm dm;
    gmtime_r(&t, &dm);
    char date[16];
    strftime(date, sizeof date, "%Y-%m-%d", &dm);
    snprintf(d, sizeof d, "%s{\"day\":\"%s\",\"name\":\"假\"}",
             i > 1 ? "," : "", date);
    strcat(days, d);
  }
  strcat(days, "]}");
  ok("POST", "/api/v1/holidays", days, 200);
  /* The single-line orders of the last wave: pick, pack one, ship it. */
  pick_all(next_list(), plain_code);
  json_t *sh = api_step(&picker, "POST", "/api/v1/packing/open",
                        "{\"code\":\"R003\"}", 201);
  int64_t ship = json_integer_value(json_object_get(sh, "id"));
  json_decref(sh);
  char path[80];
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/cartons",
           (long long)ship);
  json_t *c = api_step(&picker, "POST", path, "{\"carton_type\":\"B\"}", 201);
  int64_t carton = json_integer_value(
      json_object_get(json_array_get(json_object_get(c, "cartons"), 0), "id"));
  json_decref(c);
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/scan", (long long)carton);
  api_step_ok(&picker, "POST", path, "{\"code\":\"ZC-1\",\"qty\":2}", 200);
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/close", (long long)carton);
  json_t *closed = api_step(&picker, "POST", path, "{\"weight_g\":640}", 200);
  const char *tracking = json_string_value(json_object_get(
      json_array_get(json_object_get(closed, "cartons"), 0), "tracking_no"));
  assert_true(s10_ok(tracking));
  assert_string_equal(tracking, "EA123456706CN");
  json_decref(closed);
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/label.pdf",
           (long long)carton);
  struct api_reply r;
  assert_true(api_call(&picker, "GET", path, NULL, 0, NULL, NULL, &r));
  assert_int_equal(r.status, 200);
  assert_memory_equal(r.body, "%PDF-", 5);
  assert_non_null(strstr(r.content_type, "application/pdf"));
  api_reply_clear(&r);
  /* The operator's way to the same label: depot label shipping. */
  char env[600], id[24], out[8192];
  snprintf(env, sizeof env, "DEPOT_DATABASE_URL=%s", srv.database_url);
  snprintf(id, sizeof id, "%lld", (long long)carton);
  const char *e[] = {env, "DEPOT_LOG_LEVEL=warn", NULL};
  const char *zpl[] = {"label", "shipping", id, NULL};
  assert_int_equal(api_run_depot(zpl, e, out, sizeof out), 0);
  assert_non_null(strstr(out, "^FDEA123456706CN^FS"));
  const char *bad[] = {"label", "shipping", "999999", NULL};
  assert_int_equal(api_run_depot(bad, e, out, sizeof out), 1);
  assert_non_null(strstr(out, "not_found"));
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/ship", (long long)ship);
  json_t *s = api_step(&picker, "POST", path, NULL, 200);
  char eta[16];
  expected_eta(2, 5, eta, sizeof eta);
  assert_string_equal(json_string_value(json_object_get(s, "eta")), eta);
  json_decref(s);
}

/* The multi-line order of the zone wave ships in two cartons. */
static void
an_order_ships_in_two_cartons(void **state)
{
  json_t *sh = api_step(&picker, "POST", "/api/v1/packing/open",
                        "{\"code\":\"R004\"}", 200);
  int64_t ship = json_integer_value(json_object_get(sh, "id"));
  json_decref(sh);
  const char *items[] = {"{\"code\":\"ZC-1\"}",
                         "{\"code\":\"ZC-2\",\"qty\":3}"};
  const int grams[] = {50 + 300, 50 + 1200};
  char path[80], body[40];
  for (int i = 0; i < 2; i++) {
    snprintf(path, sizeof path, "/api/v1/shipments/%lld/cartons",
             (long long)ship);
    json_t *c = api_step(&picker, "POST", path, "{\"carton_type\":\"B\"}", 201);
    int64_t carton = json_integer_value(json_object_get(
        json_array_get(json_object_get(c, "cartons"), i), "id"));
    json_decref(c);
    snprintf(path, sizeof path, "/api/v1/cartons/%lld/scan", (long long)carton);
    api_step_ok(&picker, "POST", path, items[i], 200);
    snprintf(path, sizeof path, "/api/v1/cartons/%lld/close",
             (long long)carton);
    snprintf(body, sizeof body, "{\"weight_g\":%d}", grams[i]);
    json_t *closed = api_step(&picker, "POST", path, body, 200);
    assert_string_equal(json_string_value(json_object_get(closed, "state")),
                        i == 0 ? "packing" : "packed");
    json_decref(closed);
  }
  snprintf(path, sizeof path, "/api/v1/shipments/%lld", (long long)ship);
  json_t *s = api_step(&picker, "GET", path, NULL, 200);
  json_t *cartons = json_object_get(s, "cartons");
  assert_int_equal(json_array_size(cartons), 2);
  const char *a =
      json_string_value(json_object_get(json_array_get(cartons, 0), "sscc"));
  const char *b =
      json_string_value(json_object_get(json_array_get(cartons, 1), "sscc"));
  assert_string_not_equal(a, b);
  assert_true(s10_ok(json_string_value(
      json_object_get(json_array_get(cartons, 1), "tracking_no"))));
  /* At the dock, the GS1-128 of either carton ships the shipment, once. */
  char dock[160];
  snprintf(dock, sizeof dock,
           "{\"code\":\"(00)%s\",\"idempotency_key\":\"dock-1\"}", b);
  json_decref(s);
  api_step_code(&picker, "POST", "/api/v1/dock/scan",
                "{\"code\":\"(00)106141410000099990\"}", 404, "not_found");
  json_t *d1 = api_step(&picker, "POST", "/api/v1/dock/scan", dock, 200);
  json_t *d2 = api_step(&picker, "POST", "/api/v1/dock/scan", dock, 200);
  assert_string_equal(json_string_value(json_object_get(d1, "state")),
                      "shipped");
  assert_true(json_equal(d1, d2));
  json_decref(d1);
  json_decref(d2);
}

static void
damaged_units_are_reported_and_scrapped(void **state)
{
  int64_t before = stock_of("sku=Z-2", "on_hand");
  api_step_code(&picker, "POST", "/api/v1/exceptions",
                "{\"kind\":\"damaged\",\"location\":\"P2-01\","
                "\"sku\":\"Z-2\",\"qty\":1000}",
                409, "insufficient_stock");
  json_t *e = api_step(&picker, "POST", "/api/v1/exceptions",
                       "{\"kind\":\"damaged\",\"location\":\"P2-01\","
                       "\"sku\":\"Z-2\",\"qty\":2,\"note\":\"cracked\"}",
                       201);
  char path[80];
  snprintf(path, sizeof path, "/api/v1/exceptions/%lld/resolve",
           (long long)json_integer_value(json_object_get(e, "id")));
  json_decref(e);
  assert_int_equal(stock_of("sku=Z-2", "on_hand"), before);
  api_step_code(&picker, "POST", path, "{\"action\":\"scrap\"}", 403,
                "forbidden");
  api_step_code(&lead, "POST", path, "{\"action\":\"reallocate\"}", 422,
                "invalid_value");
  api_step_ok(&lead, "POST", path, "{\"action\":\"scrap\"}", 200);
  assert_int_equal(stock_of("sku=Z-2", "on_hand"), before - 2);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(gs1_scan_of_another_lot_is_swapped_in),
      cmocka_unit_test(bad_wave_filters_are_refused),
      cmocka_unit_test(waves_filter_by_lines_and_split_by_zone),
      cmocka_unit_test(tracking_numbers_and_delivery_estimates),
      cmocka_unit_test(an_order_ships_in_two_cartons),
      cmocka_unit_test(damaged_units_are_reported_and_scrapped),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
