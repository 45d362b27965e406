/*
 * The back office closes the loop on orders: a held order's price and
 * currency accepted or changed (PATCH) and released, the list's total,
 * a wave of chosen orders, and the filtered list exported as CSV (BOM,
 * formula escaping) and XLSX (read back with unzip).
 */
#include "api_harness.h"

#include <curl/curl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "api_steps.h"

static struct api_server srv;

#define call(m, p, b, st) api_step(&srv, m, p, b, st)
#define ok(m, p, b, st) api_step_ok(&srv, m, p, b, st)

static int
setup(void **state)
{
  (void)state;
  if (!api_server_start(&srv, "api_orders_admin", false, NULL))
    return -1;
  ok("POST", "/api/v1/warehouses", "{\"code\":\"W1\",\"name\":\"w\"}", 201);
  ok("POST", "/api/v1/warehouses/W1/zones",
     "{\"code\":\"P\",\"type\":\"pick\"}", 201);
  ok("POST", "/api/v1/warehouses/W1/bins", "{\"code\":\"P-1\",\"zone\":\"P\"}",
     201);
  ok("POST", "/api/v1/warehouses/W1/totes",
     "{\"prefix\":\"T\",\"from\":1,\"to\":9}", 201);
  ok("POST", "/api/v1/products", "{\"sku\":\"CUP\",\"name\":\"杯\"}", 201);
  ok("POST", "/api/v1/stock/adjustments",
     "{\"warehouse\":\"W1\",\"bin\":\"P-1\",\"sku\":\"CUP\",\"qty_delta\":50}",
     201);
  ok("POST", "/api/v1/stores",
     "{\"code\":\"API1\",\"name\":\"s\",\"channel\":\"api\","
     "\"warehouse\":\"W1\",\"currency\":\"CNY\",\"price_tolerance\":5}",
     201);
  ok("POST", "/api/v1/stores/API1/prices",
     "{\"sku\":\"CUP\",\"price\":\"10.00\"}", 200);
  return 0;
}

static int
teardown(void **state)
{
  (void)state;
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

/* An order of @a qty CUP at @a price in @a currency for @a name. */
static json_t *
order(const char *ext, const char *currency, const char *price,
      const char *name)
{
  char body[700];
  snprintf(body, sizeof body,
           "{\"store\":\"API1\",\"external_id\":\"%s\",\"currency\":\"%s\","
           "\"customer\":{\"name\":\"%s\"},\"ship_to\":{\"name\":\"n\","
           "\"line1\":\"l\",\"city\":\"c\",\"country_code\":\"CN\"},"
           "\"lines\":[{\"sku\":\"CUP\",\"qty\":1,\"unit_price\":\"%s\"}]}",
           ext, currency, name, price);
  return call("POST", "/api/v1/orders", body, 201);
}

static const char *
state_of(const json_t *o)
{
  return json_string_value(json_object_get(o, "state"));
}

static void
path_of(char *out, size_t len, const json_t *o, const char *tail)
{
  snprintf(out, len, "/api/v1/orders/%lld%s",
           (long long)json_integer_value(json_object_get(o, "id")), tail);
}

/* A price off the list and a foreign currency: accepted, they stay released. */
static void
held_prices_and_currencies_are_accepted_or_changed(void **state)
{
  (void)state;
  char p[96], rel[128];
  json_t *o = order("ADM-1", "CNY", "7.00", "a");
  assert_string_equal(state_of(o), "on_hold");
  path_of(p, sizeof p, o, "");
  path_of(rel, sizeof rel, o, "/release");
  json_decref(o);
  /* Released unchanged, the check holds it again. */
  o = call("POST", rel, NULL, 200);
  assert_string_equal(state_of(o), "on_hold");
  json_decref(o);
  ok("PATCH", p, "{\"lines\":[{\"line\":1,\"accept_price\":true}]}", 200);
  o = call("POST", rel, NULL, 200);
  assert_string_equal(state_of(o), "allocated");
  json_decref(o);

  o = order("ADM-2", "CNY", "3.00", "b");
  path_of(p, sizeof p, o, "");
  path_of(rel, sizeof rel, o, "/release");
  json_decref(o);
  o = call("PATCH", p, "{\"lines\":[{\"line\":1,\"unit_price\":\"-1\"}]}", 422);
  json_decref(o);
  o = call("PATCH", p, "{\"lines\":[{\"line\":1,\"unit_price\":\"10.00\"}]}",
           200);
  assert_string_equal(
      json_string_value(json_object_get(
          json_array_get(json_object_get(o, "lines"), 0), "unit_price")),
      "10.00");
  json_decref(o);
  o = call("POST", rel, NULL, 200);
  assert_string_equal(state_of(o), "allocated");
  json_decref(o);

  o = order("ADM-3", "USD", "10.00", "c");
  assert_string_equal(state_of(o), "on_hold");
  path_of(p, sizeof p, o, "");
  path_of(rel, sizeof rel, o, "/release");
  json_decref(o);
  ok("PATCH", p, "{\"accept_currency\":true}", 200);
  o = call("POST", rel, NULL, 200);
  assert_string_equal(state_of(o), "allocated");
  assert_string_equal(json_string_value(json_object_get(o, "currency")), "USD");
  json_decref(o);

  o = order("ADM-4", "USD", "10.00", "d");
  path_of(p, sizeof p, o, "");
  path_of(rel, sizeof rel, o, "/release");
  json_decref(o);
  o = call("PATCH", p, "{\"currency\":\"cny\"}", 200);
  assert_string_equal(json_string_value(json_object_get(o, "currency")), "CNY");
  json_decref(o);
  o = call("POST", rel, NULL, 200);
  assert_string_equal(state_of(o), "allocated");
  json_decref(o);
}

/* ?total=true counts the whole filtered list, whatever the page size. */
static void
the_list_counts_its_orders(void **state)
{
  (void)state;
  json_t *l =
      call("GET", "/api/v1/orders?q=ADM-&limit=1&total=true", NULL, 200);
  assert_int_equal(json_integer_value(json_object_get(l, "total")), 4);
  assert_int_equal(json_array_size(json_object_get(l, "items")), 1);
  assert_true(json_is_string(json_object_get(l, "next")));
  json_decref(l);
  l = call("GET", "/api/v1/orders?q=ADM-&state=on_hold&total=true", NULL, 200);
  assert_int_equal(json_integer_value(json_object_get(l, "total")), 0);
  json_decref(l);
  l = call("GET", "/api/v1/orders?q=ADM-", NULL, 200);
  assert_null(json_object_get(l, "total"));
  json_decref(l);
}

/* A wave of the orders a lead picked, not of every allocated one. */
static void
a_wave_takes_the_chosen_orders(void **state)
{
  (void)state;
  json_t *a = order("WV-1", "CNY", "10.00", "e");
  json_t *b = order("WV-2", "CNY", "10.00", "f");
  char body[200];
  snprintf(body, sizeof body, "{\"warehouse\":\"W1\",\"orders\":[%lld]}",
           (long long)json_integer_value(json_object_get(b, "id")));
  json_t *w = call("POST", "/api/v1/waves", body, 201);
  assert_int_equal(json_integer_value(json_object_get(w, "orders")), 1);
  json_decref(w);
  char p[96];
  path_of(p, sizeof p, b, "");
  json_t *o = call("GET", p, NULL, 200);
  assert_string_equal(state_of(o), "picking");
  json_decref(o);
  path_of(p, sizeof p, a, "");
  o = call("GET", p, NULL, 200);
  assert_string_equal(state_of(o), "allocated");
  json_decref(o);
  o = call("POST", "/api/v1/waves", "{\"warehouse\":\"W1\",\"orders\":[]}",
           422);
  json_decref(o);
  o = call("POST", "/api/v1/waves", "{\"warehouse\":\"W1\",\"orders\":[\"x\"]}",
           422);
  assert_string_equal(api_json_error_code(o), "invalid_value");
  json_decref(o);
  json_decref(a);
  json_decref(b);
}

static void
get_raw(const char *path, struct api_reply *r)
{
  assert_true(api_call(&srv, "GET", path, NULL, 0, NULL, NULL, r));
}

/* Writes @a r's body to a new temporary file named into @a file. */
static void
save_body(const struct api_reply *r, char *file)
{
  int fd = mkstemp(file);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, r->body, r->body_len), (ssize_t)r->body_len);
  close(fd);
}

/* The output of shell command @a cmd into @a out (@a len bytes). */
static void
run(const char *cmd, char *out, size_t len)
{
  FILE *p = popen(cmd, "r");
  assert_non_null(p);
  size_t n = fread(out, 1, len - 1, p);
  out[n] = '\0';
  pclose(p);
}

/* A wave of the orders @a ids (JSON array text); its first list's id. */
static int64_t
wave_of(const char *ids, int64_t *wave)
{
  char body[200];
  snprintf(body, sizeof body, "{\"warehouse\":\"W1\",\"orders\":%s}", ids);
  json_t *w = call("POST", "/api/v1/waves", body, 201);
  *wave = json_integer_value(json_object_get(w, "id"));
  int64_t list = json_integer_value(json_object_get(
      json_array_get(json_object_get(w, "picklists"), 0), "id"));
  json_decref(w);
  return list;
}

/*
 * The pick list prints on A4 in walking order under a Code 128 of PL-n
 * that the floor's look-up resolves; a wave nobody picked from is
 * cancelled and its orders are waved again; once a unit is in hand the
 * wave is started and only its orders can be cancelled.
 */
static void
a_wave_prints_its_list_and_is_cancelled_before_picking(void **state)
{
  (void)state;
  json_t *a = order("PL-A", "CNY", "10.00", "h");
  json_t *b = order("PL-B", "CNY", "10.00", "i");
  char ids[64], path[128];
  snprintf(ids, sizeof ids, "[%lld,%lld]",
           (long long)json_integer_value(json_object_get(a, "id")),
           (long long)json_integer_value(json_object_get(b, "id")));
  int64_t wave;
  int64_t list = wave_of(ids, &wave);
  snprintf(path, sizeof path, "/api/v1/picklists/%lld/picklist.pdf",
           (long long)list);
  struct api_reply r;
  get_raw(path, &r);
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.content_type, "application/pdf"));
  char file[] = "/tmp/depot-test-pl-XXXXXX", cmd[256], text[8192];
  save_body(&r, file);
  api_reply_clear(&r);
  snprintf(cmd, sizeof cmd, "pdftotext -layout %s -", file);
  run(cmd, text, sizeof text);
  char code[32];
  snprintf(code, sizeof code, "PL-%lld", (long long)list);
  assert_non_null(strstr(text, code));
  assert_non_null(strstr(text, "P-1"));
  assert_non_null(strstr(text, "CUP"));
  assert_non_null(strstr(text, "杯"));
  assert_non_null(strstr(text, "PL-A"));
  assert_non_null(strstr(text, "PL-B"));
  /* The bars say PL-n, and the floor's look-up knows it. */
  char png[64];
  snprintf(png, sizeof png, "%s-page", file);
  snprintf(cmd, sizeof cmd, "pdftoppm -r 150 -png -singlefile %s %s", file,
           png);
  assert_int_equal(system(cmd), 0);
  snprintf(cmd, sizeof cmd, "%s.png", png);
  FILE *f = fopen(cmd, "rb");
  assert_non_null(f);
  static char img[4 << 20];
  size_t n = fread(img, 1, sizeof img, f);
  fclose(f);
  unlink(cmd);
  unlink(file);
  assert_true(api_call(&srv, "POST", "/api/v1/barcodes/decode", img, n,
                       "image/png", NULL, &r));
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body, code));
  api_reply_clear(&r);
  char body[128];
  snprintf(body, sizeof body, "{\"code\":\"%s\",\"warehouse\":\"W1\"}", code);
  json_t *m = call("POST", "/api/v1/scans/resolve", body, 200);
  assert_string_equal(json_string_value(json_object_get(m, "kind")),
                      "picklist");
  json_decref(m);
  /* Assigned, released to the queue, then the wave is cancelled. */
  snprintf(path, sizeof path, "/api/v1/picklists/%lld/assign", (long long)list);
  json_decref(call("POST", path, "{\"picker\":\"admin\"}", 200));
  json_t *pl = call("POST", path, "{\"picker\":null}", 200);
  assert_string_equal(json_string_value(json_object_get(pl, "state")), "open");
  json_decref(pl);
  snprintf(path, sizeof path, "/api/v1/waves/%lld/cancel", (long long)wave);
  json_t *w = call("POST", path, NULL, 200);
  assert_string_equal(json_string_value(json_object_get(w, "state")),
                      "cancelled");
  json_decref(w);
  api_step_code(&srv, "POST", path, NULL, 409, "wave_not_open");
  char op[96];
  path_of(op, sizeof op, a, "");
  json_t *o = call("GET", op, NULL, 200);
  assert_string_equal(state_of(o), "allocated");
  json_decref(o);
  /* Waved again; a unit in hand starts the wave. */
  list = wave_of(ids, &wave);
  snprintf(path, sizeof path, "/api/v1/picklists/%lld/assign", (long long)list);
  json_decref(call("POST", path, "{\"picker\":\"admin\"}", 200));
  snprintf(path, sizeof path, "/api/v1/picklists/%lld/scan", (long long)list);
  json_decref(call("POST", path,
                   "{\"code\":\"P-1\",\"idempotency_key\":\"pl-k1\"}", 200));
  json_decref(call("POST", path,
                   "{\"code\":\"CUP\",\"qty\":1,\"idempotency_key\":"
                   "\"pl-k2\"}",
                   200));
  snprintf(path, sizeof path, "/api/v1/waves/%lld/cancel", (long long)wave);
  api_step_code(&srv, "POST", path, NULL, 409, "wave_started");
  api_step_code(&srv, "POST", "/api/v1/waves/999999/cancel", NULL, 404,
                "not_found");
  json_decref(a);
  json_decref(b);
}

/* The filtered list as CSV: BOM, header, one row each, formulas defused. */
static void
the_list_exports_as_csv(void **state)
{
  (void)state;
  json_decref(order("EXP-1", "CNY", "10.00", "=HYPERLINK(\\\"x\\\")"));
  json_decref(order("EXP-2", "CNY", "10.00", "王五"));
  json_decref(order("EXP-3", "CNY", "10.00", "\\t@SUM(1)"));
  struct api_reply r;
  get_raw("/api/v1/orders/export.csv?q=EXP-&sort=oldest", &r);
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.content_type, "text/csv"));
  assert_memory_equal(r.body,
                      "\xEF\xBB\xBF"
                      "id,external_id,store",
                      23);
  assert_non_null(strstr(r.body, ",EXP-1,API1,W1,allocated,\"'=HYPERLINK"));
  assert_non_null(strstr(r.body, ",EXP-2,API1,W1,allocated,王五,"));
  assert_non_null(strstr(r.body, ",EXP-3,API1,W1,allocated,'\t@SUM(1),"));
  assert_true(strstr(r.body, "EXP-1") < strstr(r.body, "EXP-2"));
  int rows = 0;
  for (const char *c = r.body; *c != '\0'; c++)
    rows += *c == '\n';
  assert_int_equal(rows, 4);
  api_reply_clear(&r);
  /* More than a page (500): every order once. */
  for (int i = 0; i < 520; i++) {
    char ext[32];
    snprintf(ext, sizeof ext, "BIG-%03d", i);
    json_decref(order(ext, "CNY", "10.00", "g"));
  }
  get_raw("/api/v1/orders/export.csv?q=BIG-", &r);
  assert_int_equal(r.status, 200);
  rows = 0;
  for (const char *c = r.body; *c != '\0'; c++)
    rows += *c == '\n';
  assert_int_equal(rows, 521);
  assert_non_null(strstr(r.body, ",BIG-000,"));
  assert_non_null(strstr(r.body, ",BIG-519,"));
  api_reply_clear(&r);
  get_raw("/api/v1/orders/export.csv?from=nope", &r);
  assert_int_equal(r.status, 400);
  api_reply_clear(&r);
}

/* The same rows as a workbook: a zip whose sheet holds them. */
static void
the_list_exports_as_xlsx(void **state)
{
  (void)state;
  struct api_reply r;
  get_raw("/api/v1/orders/export.xlsx?q=EXP-", &r);
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.content_type, "spreadsheetml"));
  assert_memory_equal(r.body, "PK", 2);
  char file[] = "/tmp/depot-test-xlsx-XXXXXX";
  int fd = mkstemp(file);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "wb");
  fwrite(r.body, 1, r.body_len, f);
  fclose(f);
  api_reply_clear(&r);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "unzip -p %s xl/worksheets/sheet1.xml", file);
  FILE *p = popen(cmd, "r");
  assert_non_null(p);
  static char xml[65536];
  size_t n = fread(xml, 1, sizeof xml - 1, p);
  xml[n] = '\0';
  pclose(p);
  unlink(file);
  assert_non_null(strstr(xml, ">external_id<"));
  assert_non_null(strstr(xml, ">EXP-1<"));
  assert_non_null(strstr(xml, ">王五<"));
  assert_null(strstr(xml, ">BIG-000<"));
  get_raw("/api/v1/orders/export.xlsx?to=never", &r);
  assert_int_equal(r.status, 400);
  api_reply_clear(&r);
}

/*
 * Bin and SKU labels go to a station's printer through the print queue
 * (once per idempotency key); a selection of bins prints as a PDF sheet.
 */
static void
labels_go_to_a_station_printer_or_a_sheet(void **state)
{
  (void)state;
  ok("POST", "/api/v1/stations",
     "{\"code\":\"PR1\",\"warehouse\":\"W1\",\"printer\":"
     "\"127.0.0.1:1\"}",
     201);
  ok("POST", "/api/v1/stations", "{\"code\":\"NP1\",\"warehouse\":\"W1\"}",
     201);
  const char *bins = "{\"kind\":\"bin\",\"labels\":[{\"code\":\"P-1\","
                     "\"caption\":\"W1 P\"}],\"copies\":2,"
                     "\"idempotency_key\":\"lbl-1\"}";
  json_t *j = call("POST", "/api/v1/stations/PR1/labels", bins, 201);
  assert_string_equal(json_string_value(json_object_get(j, "station")), "PR1");
  assert_string_equal(json_string_value(json_object_get(j, "kind")), "labels");
  assert_true(json_integer_value(json_object_get(j, "bytes")) > 100);
  json_int_t id = json_integer_value(json_object_get(j, "id"));
  json_decref(j);
  j = call("POST", "/api/v1/stations/PR1/labels", bins, 200);
  assert_int_equal(json_integer_value(json_object_get(j, "id")), id);
  json_decref(j);
  api_step_code(&srv, "POST", "/api/v1/stations/PR1/labels",
                "{\"kind\":\"bin\",\"labels\":[{\"code\":\"P-2\"}],"
                "\"idempotency_key\":\"lbl-1\"}",
                409, "idempotency_conflict");
  api_step_code(&srv, "POST", "/api/v1/stations/NP1/labels",
                "{\"kind\":\"sku\",\"labels\":[{\"code\":\"CUP\"}]}", 409,
                "no_printer");
  api_step_code(&srv, "POST", "/api/v1/stations/PR1/labels",
                "{\"kind\":\"sku\",\"labels\":[]}", 422, "invalid_value");
  j = call("POST", "/api/v1/stations/PR1/labels",
           "{\"kind\":\"sku\",\"labels\":[{\"code\":\"6901234567892\","
           "\"caption\":\"杯\"}]}",
           201);
  json_decref(j);
  j = call("GET", "/api/v1/print-jobs?station=PR1", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 2);
  json_decref(j);
  struct api_reply r;
  get_raw("/api/v1/warehouses/W1/labels/bins.pdf?bins=P-1,NOPE", &r);
  assert_int_equal(r.status, 200);
  char file[] = "/tmp/depot-test-bins-XXXXXX", cmd[128], text[4096];
  save_body(&r, file);
  api_reply_clear(&r);
  snprintf(cmd, sizeof cmd, "pdftotext %s -", file);
  run(cmd, text, sizeof text);
  unlink(file);
  assert_non_null(strstr(text, "P-1"));
  get_raw("/api/v1/warehouses/W1/labels/bins.pdf?bins=NOPE", &r);
  assert_int_equal(r.status, 404);
  api_reply_clear(&r);
}

int
main(void)
{
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(held_prices_and_currencies_are_accepted_or_changed),
      cmocka_unit_test(the_list_counts_its_orders),
      cmocka_unit_test(a_wave_takes_the_chosen_orders),
      cmocka_unit_test(a_wave_prints_its_list_and_is_cancelled_before_picking),
      cmocka_unit_test(labels_go_to_a_station_printer_or_a_sheet),
      cmocka_unit_test(the_list_exports_as_csv),
      cmocka_unit_test(the_list_exports_as_xlsx),
  };
  int rc = cmocka_run_group_tests(tests, setup, teardown);
  curl_global_cleanup();
  return rc;
}
