/*
 * The floor's main loop over real HTTP: 200 orders go wave -> pick by scan
 * -> pack by scan and scale -> ship, with labels printed to a TCP printer;
 * wrong bin, item, quantity, tote and weight are refused and change
 * nothing; a replayed scan moves stock once; 32 pickers asking at once
 * never share a list.
 */
#include "api_harness.h"
#include "api_sink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "api_steps.h"

enum { PICKERS = 32, SKUS = 5, ORDERS = 200, TARE_G = 100 };

static struct api_server srv;  /* admin */
static struct api_sink events; /* the store's order-event endpoint */
static struct api_server lead;
static struct api_server pickers[PICKERS];
static int next_tote = 1;
static int next_key = 1;
static int next_order = 1;

/* The label printer: a TCP listener that counts the labels it receives. */
static int printer_fd;
static unsigned printer_port;
static int labels_printed;
static pthread_mutex_t printer_lock = PTHREAD_MUTEX_INITIALIZER;

#define ok(m, p, b, st) api_step_ok(&srv, m, p, b, st)

static void *
printer_main(void *unused)
{
  for (;;) {
    int c = accept(printer_fd, NULL, NULL);
    if (c < 0)
      return NULL;
    char buf[4096];
    size_t got = 0;
    ssize_t n;
    char last[8] = "";
    while ((n = read(c, buf, sizeof buf)) > 0) {
      got += (size_t)n;
      memcpy(last, buf + (n >= 4 ? n - 4 : 0), n >= 4 ? 4 : (size_t)n);
    }
    close(c);
    pthread_mutex_lock(&printer_lock);
    if (got > 0 && strstr(last, "^XZ") != NULL)
      labels_printed++;
    pthread_mutex_unlock(&printer_lock);
  }
}

/* Labels received so far, waiting up to 10 s for @a want to arrive. */
static int
printed_labels(int want)
{
  int n = 0;
  for (int i = 0; i < 1000; i++) {
    pthread_mutex_lock(&printer_lock);
    n = labels_printed;
    pthread_mutex_unlock(&printer_lock);
    if (n >= want)
      break;
    usleep(10000);
  }
  return n;
}

static void
start_printer(void)
{
  printer_fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  assert_int_equal(bind(printer_fd, (struct sockaddr *)&a, sizeof a), 0);
  assert_int_equal(listen(printer_fd, 64), 0);
  socklen_t len = sizeof a;
  getsockname(printer_fd, (struct sockaddr *)&a, &len);
  printer_port = ntohs(a.sin_port);
  pthread_t t;
  pthread_create(&t, NULL, printer_main, NULL);
  pthread_detach(t);
}

static const char *
key(void)
{
  static char k[32];
  snprintf(k, sizeof k, "k-%d", next_key++);
  return k;
}

/* A copy of the admin handle speaking as a new user of @a role in W1. */
static void
login_as(struct api_server *out, const char *user, const char *role)
{
  assert_true(api_add_user(&srv, user, role, "W1", "correct horse 42"));
  *out = srv;
  assert_int_equal(api_login(&srv, user, "correct horse 42", out->token, NULL),
                   200);
}

static int64_t
figure(const char *sku, const char *name)
{
  char path[128];
  snprintf(path, sizeof path, "/api/v1/stock?sku=%s&warehouse=W1", sku);
  json_t *j = api_step(&srv, "GET", path, NULL, 200);
  json_t *item = json_array_get(json_object_get(j, "items"), 0);
  int64_t v = json_integer_value(json_object_get(item, name));
  json_decref(j);
  return v;
}

static void
setup_catalog(void)
{
  ok("POST", "/api/v1/warehouses/W1/zones",
     "{\"code\":\"P\",\"type\":\"pick\"}", 201);
  ok("POST", "/api/v1/warehouses/W1/bins/generate",
     "{\"zone\":\"P\",\"aisles\":\"A-B\",\"racks\":\"1-10\",\"levels\":\"1\","
     "\"positions\":\"1\",\"pattern\":\"{aisle}-{rack:02}\"}",
     201);
  for (int i = 1; i <= SKUS; i++) {
    char body[300];
    snprintf(
        body, sizeof body,
        "{\"sku\":\"SKU-%d\",\"name\":\"item %d\",\"weight_kg\":\"0.%d00\","
        "\"barcodes\":[{\"code\":\"BC-%d\"},{\"code\":\"SIX-%d\","
        "\"pack_qty\":6}]}",
        i, i, i, i, i);
    ok("POST", "/api/v1/products", body, 201);
    for (int aisle = 0; aisle < 2; aisle++) {
      snprintf(body, sizeof body,
               "{\"warehouse\":\"W1\",\"bin\":\"%c-%02d\",\"sku\":\"SKU-%d\","
               "\"qty_delta\":300}",
               "AB"[aisle], i, i);
      ok("POST", "/api/v1/stock/adjustments", body, 201);
    }
  }
}

/* SKU-6 lives in one bin only, so a short pick finds no other. */
static void
setup_single_bin_sku(void)
{
  ok("POST", "/api/v1/products",
     "{\"sku\":\"SKU-6\",\"name\":\"item 6\",\"weight_kg\":\"0.600\","
     "\"barcodes\":[{\"code\":\"BC-6\"}]}",
     201);
  ok("POST", "/api/v1/stock/adjustments",
     "{\"warehouse\":\"W1\",\"bin\":\"A-06\",\"sku\":\"SKU-6\","
     "\"qty_delta\":10}",
     201);
}

static void
setup_shipping(void)
{
  ok("POST", "/api/v1/stores",
     "{\"code\":\"API1\",\"name\":\"shop\",\"channel\":\"api\","
     "\"warehouse\":\"W1\",\"currency\":\"CNY\",\"carrier\":\"EXP\"}",
     201);
  char patch[120];
  snprintf(patch, sizeof patch,
           "{\"events_url\":\"http://127.0.0.1:%u/events\"}", events.port);
  ok("PATCH", "/api/v1/stores/API1", patch, 200);
  ok("POST", "/api/v1/carriers",
     "{\"code\":\"EXP\",\"name\":\"Express\",\"transit_days\":2,"
     "\"tracking\":{\"prefix\":\"EX\",\"digits\":9,\"check_digit\":\"mod10\","
     "\"first\":1,\"last\":5000},\"rates\":[{\"zone\":\"domestic\","
     "\"max_weight_g\":1000,\"price\":\"8.00\"},{\"zone\":\"domestic\","
     "\"max_weight_g\":30000,\"price\":\"15.00\"}]}",
     201);
  ok("POST", "/api/v1/carton-types",
     "{\"code\":\"BOX-M\",\"name\":\"medium\",\"tare_g\":100}", 201);
  ok("POST", "/api/v1/warehouses/W1/totes",
     "{\"prefix\":\"T\",\"from\":1,\"to\":400}", 201);
  char body[200];
  snprintf(body, sizeof body,
           "{\"code\":\"ST1\",\"warehouse\":\"W1\",\"printer\":"
           "\"127.0.0.1:%u\"}",
           printer_port);
  ok("POST", "/api/v1/stations", body, 201);
}

static int
setup(void **state)
{
  start_printer();
  if (!api_sink_start(&events, 0))
    return -1;
  if (!api_server_start(&srv, "api_fulfilment", false, NULL))
    return -1;
  ok("POST", "/api/v1/warehouses", "{\"code\":\"W1\",\"name\":\"w\"}", 201);
  setup_catalog();
  setup_single_bin_sku();
  setup_shipping();
  login_as(&lead, "lead", "warehouse_lead");
  for (int i = 0; i < PICKERS; i++) {
    char name[16];
    snprintf(name, sizeof name, "p%02d", i);
    login_as(&pickers[i], name, "picker");
  }
  return 0;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

/* Takes in an order of @a n lines: SKU-(i), qty i. Returns its id. */
static int64_t
intake(int nlines, int first_sku)
{
  char lines[400] = "", body[1024];
  for (int i = 0; i < nlines; i++) {
    int sku = (first_sku + i - 1) % SKUS + 1;
    char l[80];
    snprintf(l, sizeof l,
             "%s{\"sku\":\"SKU-%d\",\"qty\":%d,\"unit_price\":"
             "\"9.90\"}",
             i > 0 ? "," : "", sku, i + 1);
    strcat(lines, l);
  }
  snprintf(body, sizeof body,
           "{\"store\":\"API1\",\"external_id\":\"F%04d\",\"currency\":\"CNY\","
           "\"customer\":{\"name\":\"王五\",\"phone\":\"13800000000\"},"
           "\"ship_to\":{\"name\":\"王五\",\"line1\":\"天元区黄河南路 1 号\","
           "\"city\":\"株洲市\",\"postcode\":\"412007\",\"country_code\":"
           "\"CN\"},\"lines\":[%s]}",
           next_order++, lines);
  json_t *o = api_step(&srv, "POST", "/api/v1/orders", body, 201);
  assert_string_equal(json_string_value(json_object_get(o, "state")),
                      "allocated");
  int64_t id = json_integer_value(json_object_get(o, "id"));
  json_decref(o);
  return id;
}

static json_t *
scan(const struct api_server *who, int64_t list, const char *code, int qty,
     long status)
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
  return api_step(who, "POST", path, body, status);
}

static const char *
task_str(const json_t *view, const char *name)
{
  return json_string_value(
      json_object_get(json_object_get(view, "task"), name));
}

static int64_t
task_int(const json_t *view, const char *name)
{
  return json_integer_value(
      json_object_get(json_object_get(view, "task"), name));
}

/* Walks list @a view (taken) to the end as @a who; returns scans made. */
static int
pick_all(const struct api_server *who, json_t *view)
{
  int64_t list = json_integer_value(json_object_get(view, "picklist"));
  int scans = 0;
  for (;;) {
    const char *action = json_string_value(json_object_get(view, "action"));
    json_t *next;
    if (strcmp(action, "done") == 0)
      break;
    if (strcmp(action, "scan_bin") == 0) {
      next = scan(who, list, task_str(view, "bin"), 0, 200);
    } else if (strcmp(action, "scan_item") == 0) {
      char code[32];
      snprintf(code, sizeof code, "BC-%s", task_str(view, "sku") + 4);
      next = scan(who, list, code, (int)task_int(view, "remaining"), 200);
    } else {
      char tote[16];
      if (task_str(view, "tote") != NULL)
        snprintf(tote, sizeof tote, "%s", task_str(view, "tote"));
      else
        snprintf(tote, sizeof tote, "T%03d", next_tote++);
      next = scan(who, list, tote, 0, 200);
    }
    scans++;
    json_decref(view);
    view = next;
  }
  json_decref(view);
  return scans;
}

static json_t *
next_list(const struct api_server *who)
{
  return api_step(who, "POST", "/api/v1/picklists/next",
                  "{\"warehouse\":\"W1\"}", 200);
}

/* Packs the order in tote-or-order @a code into one carton and ships it. */
static void
pack_and_ship(const char *code)
{
  char body[200], path[96];
  snprintf(body, sizeof body, "{\"code\":\"%s\",\"station\":\"ST1\"}", code);
  json_t *sh = api_step(&pickers[0], "POST", "/api/v1/packing/open", body, 201);
  int64_t ship = json_integer_value(json_object_get(sh, "id"));
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/cartons",
           (long long)ship);
  json_t *c =
      api_step(&pickers[0], "POST", path, "{\"carton_type\":\"BOX-M\"}", 201);
  json_t *carton = json_array_get(json_object_get(c, "cartons"), 0);
  int64_t cid = json_integer_value(json_object_get(carton, "id"));
  assert_int_equal(strlen(json_string_value(json_object_get(carton, "sscc"))),
                   18);
  json_decref(c);
  size_t i;
  json_t *item;
  int grams = TARE_G;
  json_array_foreach(json_object_get(sh, "items"), i, item)
  {
    const char *sku = json_string_value(json_object_get(item, "sku"));
    int64_t n = json_integer_value(json_object_get(item, "remaining"));
    grams += (int)n * 100 * atoi(sku + 4);
    snprintf(path, sizeof path, "/api/v1/cartons/%lld/scan", (long long)cid);
    snprintf(body, sizeof body, "{\"code\":\"BC-%s\",\"qty\":%lld}", sku + 4,
             (long long)n);
    api_step_ok(&pickers[0], "POST", path, body, 200);
  }
  json_decref(sh);
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/close", (long long)cid);
  snprintf(body, sizeof body, "{\"weight_g\":%d}", grams + 3);
  json_t *closed = api_step(&pickers[0], "POST", path, body, 200);
  assert_string_equal(json_string_value(json_object_get(closed, "state")),
                      "packed");
  /* Queued for the station's printer; the print worker sends it. */
  assert_true(json_is_true(
      json_object_get(json_object_get(closed, "print"), "queued")));
  json_decref(closed);
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/ship", (long long)ship);
  json_t *s = api_step(&pickers[0], "POST", path, NULL, 200);
  assert_string_equal(json_string_value(json_object_get(s, "state")),
                      "shipped");
  json_decref(s);
}

static int64_t
json_id(const json_t *j, const char *name)
{
  return json_integer_value(json_object_get(j, name));
}

static void
post_code(const struct api_server *who, const char *path, const char *body,
          long status, const char *code)
{
  json_t *r = api_step(who, "POST", path, body, status);
  assert_string_equal(api_json_error_code(r), code);
  json_decref(r);
}

/* Packing refuses strangers, extras and a wrong weight; only a lead
 * overrides; shipping waits for packing. */
static void tracking_page_shows_no_customer(const char *track, int64_t ship);

static void
packing_refusals(const char *first, const char *second)
{
  char body[200], path[96];
  const struct api_server *p = &pickers[1];
  snprintf(body, sizeof body, "{\"code\":\"%s\"}", first);
  json_t *sh = api_step(p, "POST", "/api/v1/packing/open", body, 201);
  int64_t ship = json_id(sh, "id");
  json_decref(sh);
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/ship", (long long)ship);
  post_code(p, path, NULL, 409, "shipment_not_packed");
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/cartons",
           (long long)ship);
  json_t *c = api_step(p, "POST", path, "{\"carton_type\":\"BOX-M\"}", 201);
  int64_t carton =
      json_id(json_array_get(json_object_get(c, "cartons"), 0), "id");
  json_decref(c);
  post_code(p, path, "{\"carton_type\":\"NOPE\"}", 422, "unknown_carton_type");
  char scan_path[96], close_path[96];
  snprintf(scan_path, sizeof scan_path, "/api/v1/cartons/%lld/scan",
           (long long)carton);
  snprintf(close_path, sizeof close_path, "/api/v1/cartons/%lld/close",
           (long long)carton);
  post_code(p, close_path, "{\"weight_g\":100}", 409, "carton_empty");
  post_code(p, scan_path, "{\"code\":\"BC-2\"}", 409, "wrong_item");
  post_code(p, scan_path, "{\"code\":\"BC-1\",\"qty\":3}", 409, "extra_item");
  api_step_ok(p, "POST", scan_path, "{\"code\":\"BC-1\",\"qty\":2}", 200);
  post_code(p, scan_path, "{\"code\":\"BC-1\"}", 409, "extra_item");
  /* Expected 100 g tare + 2 x 100 g = 300 g; 20 g tolerance. */
  post_code(p, close_path, "{\"weight_g\":450}", 409, "weight_mismatch");
  json_t *desk =
      api_step(&lead, "GET",
               "/api/v1/exceptions?kind=weight_mismatch&state=open", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(desk, "items")), 1);
  json_decref(desk);
  post_code(p, close_path,
            "{\"weight_g\":450,\"override_reason\":\"bubble wrap\"}", 403,
            "forbidden");
  json_t *ok_close = api_step(
      &lead, "POST", close_path,
      "{\"weight_g\":450,\"override_reason\":\"extra bubble wrap\"}", 200);
  assert_string_equal(json_string_value(json_object_get(ok_close, "state")),
                      "packed");
  const char *token =
      json_string_value(json_object_get(ok_close, "track_token"));
  char track[120];
  snprintf(track, sizeof track, "/track/%s", token);
  json_decref(ok_close);
  desk =
      api_step(&lead, "GET",
               "/api/v1/exceptions?kind=weight_mismatch&state=open", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(desk, "items")), 0);
  json_decref(desk);
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/label.zpl",
           (long long)carton);
  struct api_reply r;
  assert_true(api_call(p, "GET", path, NULL, 0, NULL, NULL, &r));
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body, "^BCN"));
  assert_non_null(strstr(r.body, "^XZ"));
  api_reply_clear(&r);
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/packing-slip.zpl",
           (long long)ship);
  assert_true(api_call(p, "GET", path, NULL, 0, NULL, NULL, &r));
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body, first));
  assert_non_null(strstr(r.body, "x 2"));
  api_reply_clear(&r);
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/ship", (long long)ship);
  api_step_ok(p, "POST", path, NULL, 200);
  /* The store hears of it with the tracking number, through the outbox. */
  char want[40];
  snprintf(want, sizeof want, "\"%s\"", first);
  assert_true(api_sink_saw(&events, want, 1, 20));
  assert_true(api_sink_saw(&events, "order.shipped", 1, 1));
  tracking_page_shows_no_customer(track, ship);
  pack_and_ship(second);
}

/* The public page: no login, the carrier's facts, nothing of the buyer. */
static void
tracking_page_shows_no_customer(const char *track, int64_t ship)
{
  struct api_server anon = srv;
  anon.token[0] = '\0';
  struct api_reply r;
  assert_true(api_call(&anon, "GET", track, NULL, 0, NULL, NULL, &r));
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.content_type, "text/html"));
  assert_non_null(strstr(r.body, "EX"));
  assert_null(strstr(r.body, "王五"));
  assert_null(strstr(r.body, "黄河"));
  api_reply_clear(&r);
  const char *json[] = {"Accept: application/json", NULL};
  assert_true(api_call(&anon, "GET", track, NULL, 0, NULL, json, &r));
  assert_string_equal(json_string_value(json_object_get(r.json, "state")),
                      "shipped");
  assert_non_null(json_object_get(r.json, "eta"));
  api_reply_clear(&r);
  char path[96];
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/delivered",
           (long long)ship);
  api_step_ok(&pickers[1], "POST", path, NULL, 403);
  api_step_ok(&lead, "POST", path, NULL, 200);
  assert_true(api_call(&anon, "GET", track, NULL, 0, NULL, json, &r));
  assert_string_equal(json_string_value(json_object_get(r.json, "state")),
                      "delivered");
  api_reply_clear(&r);
  assert_true(api_call(&anon, "GET",
                       "/track/00000000000000000000000000000000000000000000000"
                       "00000000000000000",
                       NULL, 0, NULL, NULL, &r));
  assert_int_equal(r.status, 404);
  api_reply_clear(&r);
}

static void
two_hundred_orders_go_wave_pick_pack_ship(void **state)
{
  int64_t before[SKUS + 1], ordered[SKUS + 1] = {0};
  for (int i = 1; i <= SKUS; i++)
    before[i] =
        figure((char[8]){'S', 'K', 'U', '-', (char)('0' + i), 0}, "on_hand");
  int first = next_order;
  for (int i = 0; i < ORDERS; i++) {
    int nlines = i % 3 + 1;
    intake(nlines, i % SKUS + 1);
    for (int l = 0; l < nlines; l++)
      ordered[(i % SKUS + l) % SKUS + 1] += l + 1;
  }
  json_t *w = api_step(&lead, "POST", "/api/v1/waves",
                       "{\"warehouse\":\"W1\",\"batch_size\":10}", 201);
  assert_int_equal(json_integer_value(json_object_get(w, "orders")), ORDERS);
  assert_int_equal(json_array_size(json_object_get(w, "picklists")),
                   ORDERS / 10);
  json_decref(w);
  int lists = 0;
  for (;;) {
    json_t *v = next_list(&pickers[lists % 4]);
    if (json_is_null(json_object_get(v, "picklist"))) {
      json_decref(v);
      break;
    }
    pick_all(&pickers[lists % 4], v);
    lists++;
  }
  assert_int_equal(lists, ORDERS / 10);
  for (int i = 0; i < ORDERS; i++) {
    char code[16];
    snprintf(code, sizeof code, "F%04d", first + i);
    pack_and_ship(code);
  }
  json_t *shipped = api_step(
      &srv, "GET", "/api/v1/orders?state=shipped&limit=1000", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(shipped, "items")), ORDERS);
  json_decref(shipped);
  for (int i = 1; i <= SKUS; i++) {
    char sku[8] = {'S', 'K', 'U', '-', (char)('0' + i), 0};
    assert_int_equal(figure(sku, "on_hand"), before[i] - ordered[i]);
    assert_int_equal(figure(sku, "reserved"), 0);
  }
  assert_int_equal(printed_labels(ORDERS), ORDERS);
  /* The dashboard's pick rate counts those units, spread over its hours. */
  json_t *d =
      api_step(&lead, "GET", "/api/v1/dashboard?warehouse=W1", NULL, 200);
  int64_t units = 0, want = 0;
  size_t i;
  json_t *h;
  json_array_foreach(json_object_get(d, "pick_rate"), i, h) units +=
      json_integer_value(json_object_get(h, "units"));
  for (int k = 1; k <= SKUS; k++)
    want += ordered[k];
  assert_int_equal(units, want);
  assert_int_equal(json_integer_value(json_object_get(
                       json_object_get(d, "orders_by_state"), "shipped")),
                   ORDERS);
  json_decref(d);
}

/* Takes in an order of one line: @a qty of @a sku. Returns its code. */
static const char *
intake_one(const char *sku, int qty)
{
  static char code[16];
  char body[800];
  snprintf(code, sizeof code, "F%04d", next_order++);
  snprintf(body, sizeof body,
           "{\"store\":\"API1\",\"external_id\":\"%s\",\"currency\":\"CNY\","
           "\"customer\":{\"name\":\"王五\",\"phone\":\"13800000000\"},"
           "\"ship_to\":{\"name\":\"王五\",\"line1\":\"天元区黄河南路 1 号\","
           "\"city\":\"株洲市\",\"postcode\":\"412007\",\"country_code\":"
           "\"CN\"},\"lines\":[{\"sku\":\"%s\",\"qty\":%d,\"unit_price\":"
           "\"9.90\"}]}",
           code, sku, qty);
  api_step_ok(&srv, "POST", "/api/v1/orders", body, 201);
  return code;
}

static int64_t
order_id(const char *code)
{
  char path[96];
  snprintf(path, sizeof path, "/api/v1/orders?external_id=%s", code);
  json_t *l = api_step(&srv, "GET", path, NULL, 200);
  int64_t id = json_integer_value(
      json_object_get(json_array_get(json_object_get(l, "items"), 0), "id"));
  json_decref(l);
  return id;
}

static const char *
order_state(const char *code)
{
  char path[96];
  static char state[32];
  snprintf(path, sizeof path, "/api/v1/orders/%lld", (long long)order_id(code));
  json_t *o = api_step(&srv, "GET", path, NULL, 200);
  snprintf(state, sizeof state, "%s",
           json_string_value(json_object_get(o, "state")));
  json_decref(o);
  return state;
}

static void
wave_of(int orders, int batch)
{
  char body[120];
  snprintf(body, sizeof body,
           "{\"warehouse\":\"W1\",\"batch_size\":%d,\"max_orders\":%d}", batch,
           orders);
  json_t *w = api_step(&lead, "POST", "/api/v1/waves", body, 201);
  assert_int_equal(json_integer_value(json_object_get(w, "orders")), orders);
  json_decref(w);
}

/* Posts @a body with @a key to list @a list's scan; the reply is returned. */
static json_t *
scan_keyed(const struct api_server *who, int64_t list, const char *body,
           long status)
{
  char path[64];
  snprintf(path, sizeof path, "/api/v1/picklists/%lld/scan", (long long)list);
  return api_step(who, "POST", path, body, status);
}

/* The stock picture that a refused scan must leave alone. */
static char *
picture(int64_t list)
{
  char path[64];
  snprintf(path, sizeof path, "/api/v1/picklists/%lld", (long long)list);
  json_t *l = api_step(&lead, "GET", path, NULL, 200);
  json_t *st =
      api_step(&srv, "GET", "/api/v1/stock?sku=SKU-1&warehouse=W1&detail=bins",
               NULL, 200);
  json_t *both = json_pack("{s:o, s:o}", "list", l, "stock", st);
  char *text = json_dumps(both, JSON_SORT_KEYS | JSON_COMPACT);
  json_decref(both);
  return text;
}

static void
refused(const struct api_server *who, int64_t list, const char *code, int qty,
        const char *error, const char *before)
{
  json_t *r = scan(who, list, code, qty, 409);
  assert_string_equal(api_json_error_code(r), error);
  json_decref(r);
  char *after = picture(list);
  assert_string_equal(before, after);
  free(after);
}

static void
wrong_scans_are_refused_and_change_nothing(void **state)
{
  const char *a = intake_one("SKU-1", 2);
  char first[16];
  snprintf(first, sizeof first, "%s", a);
  const char *b = intake_one("SKU-1", 1);
  char second[16];
  snprintf(second, sizeof second, "%s", b);
  wave_of(2, 10);
  const struct api_server *p = &pickers[1];
  json_t *v = next_list(p);
  int64_t list = json_integer_value(json_object_get(v, "picklist"));
  char bin[16];
  snprintf(bin, sizeof bin, "%s", task_str(v, "bin"));
  json_decref(v);
  char *before = picture(list);
  refused(p, list, strcmp(bin, "B-10") == 0 ? "B-09" : "B-10", 0, "wrong_bin",
          before);
  refused(p, list, "NO-SUCH-THING", 0, "wrong_bin", before);
  json_decref(scan(p, list, bin, 0, 200));
  free(before);
  before = picture(list);
  refused(p, list, "BC-2", 1, "wrong_item", before);
  refused(p, list, "BC-1", 3, "over_pick", before);
  refused(p, list, "SIX-1", 0, "over_pick", before);
  refused(p, list, "T390", 0, "scan_item_first", before);
  refused(&pickers[2], list, "BC-1", 1, "picklist_claimed", before);
  free(before);
  json_decref(scan(p, list, "BC-1", 1, 200));
  /* The tote confirmation, then the same scan again: one move only. */
  const char *tote = "{\"code\":\"T390\",\"idempotency_key\":\"tote-once\"}";
  json_t *r1 = scan_keyed(p, list, tote, 200);
  json_t *r2 = scan_keyed(p, list, tote, 200);
  assert_true(json_equal(r1, r2));
  json_decref(r1);
  json_decref(r2);
  json_t *st =
      api_step(&srv, "GET", "/api/v1/stock?sku=SKU-1&bin=T390", NULL, 200);
  assert_int_equal(
      json_integer_value(json_object_get(
          json_array_get(json_object_get(st, "items"), 0), "on_hand")),
      1);
  json_decref(st);
  json_t *c = scan_keyed(
      p, list, "{\"code\":\"BC-1\",\"idempotency_key\":\"tote-once\"}", 409);
  assert_string_equal(api_json_error_code(c), "idempotency_conflict");
  json_decref(c);
  json_decref(scan(p, list, "BC-1", 1, 200));
  before = picture(list);
  refused(p, list, "T391", 0, "wrong_tote", before);
  free(before);
  json_decref(scan(p, list, "T390", 0, 200));
  /* The second order's task, same bin: no bin scan; its tote is taken. */
  json_decref(scan(p, list, "BC-1", 1, 200));
  before = picture(list);
  refused(p, list, "T390", 0, "tote_in_use", before);
  free(before);
  json_t *done = scan(p, list, "T391", 0, 200);
  assert_string_equal(json_string_value(json_object_get(done, "action")),
                      "done");
  json_decref(done);
  packing_refusals(first, second);
}

static void
short_pick_tries_another_bin_then_holds_the_order(void **state)
{
  const struct api_server *p = &pickers[3];
  /* SKU-3 is in A-03 and B-03: the short in one finds the other. */
  intake_one("SKU-3", 4);
  wave_of(1, 10);
  json_t *v = next_list(p);
  int64_t list = json_id(v, "picklist");
  char bin[16], path[64];
  snprintf(bin, sizeof bin, "%s", task_str(v, "bin"));
  json_decref(v);
  snprintf(path, sizeof path, "/api/v1/picklists/%lld/short", (long long)list);
  json_t *s =
      api_step(p, "POST", path, "{\"idempotency_key\":\"short-1\"}", 200);
  assert_int_equal(json_integer_value(json_object_get(
                       json_object_get(s, "short"), "found_elsewhere")),
                   4);
  assert_string_not_equal(task_str(s, "bin"), bin);
  pick_all(p, s);
  /* SKU-6 is in A-06 only: what is missing holds the order. */
  const char *code = intake_one("SKU-6", 3);
  char held[16];
  snprintf(held, sizeof held, "%s", code);
  wave_of(1, 10);
  v = next_list(p);
  list = json_id(v, "picklist");
  json_decref(v);
  json_decref(scan(p, list, "A-06", 0, 200));
  json_decref(scan(p, list, "BC-6", 1, 200));
  snprintf(path, sizeof path, "/api/v1/picklists/%lld/short", (long long)list);
  post_code(p, path, NULL, 409, "hand_not_empty");
  json_decref(scan(p, list, "T395", 0, 200));
  s = api_step(p, "POST", path, NULL, 200);
  assert_string_equal(json_string_value(json_object_get(s, "action")), "done");
  json_decref(s);
  assert_string_equal(order_state(held), "on_hold");
  json_t *desk = api_step(
      &lead, "GET", "/api/v1/exceptions?kind=short_pick&state=open", NULL, 200);
  json_t *e = json_array_get(json_object_get(desk, "items"), 0);
  assert_int_equal(json_id(e, "qty"), 2);
  snprintf(path, sizeof path, "/api/v1/exceptions/%lld/resolve",
           (long long)json_id(e, "id"));
  json_decref(desk);
  /* The lead recounted the bin and sends the order back to the floor. */
  api_step_ok(&lead, "POST", path, "{\"action\":\"reallocate\"}", 200);
  post_code(&lead, path, "{\"action\":\"reallocate\"}", 409,
            "exception_resolved");
  assert_string_equal(order_state(held), "allocated");
  wave_of(1, 10);
  pick_all(p, next_list(p));
  pack_and_ship(held);
}

static void
short_of_a_whole_task_holds_then_reallocates(void **state)
{
  const struct api_server *p = &pickers[5];
  /* Nothing picked: every unit of the line is lost, its reservation ends. */
  const char *code = intake_one("SKU-6", 2);
  char held[16];
  snprintf(held, sizeof held, "%s", code);
  wave_of(1, 10);
  json_t *v = next_list(p);
  int64_t list = json_id(v, "picklist");
  json_decref(v);
  char path[64];
  snprintf(path, sizeof path, "/api/v1/picklists/%lld/short", (long long)list);
  json_t *s =
      api_step(p, "POST", path, "{\"idempotency_key\":\"short-all\"}", 200);
  assert_string_equal(json_string_value(json_object_get(s, "action")), "done");
  json_decref(s);
  assert_string_equal(order_state(held), "on_hold");
  json_t *desk = api_step(
      &lead, "GET", "/api/v1/exceptions?kind=short_pick&state=open", NULL, 200);
  json_t *e = json_array_get(json_object_get(desk, "items"), 0);
  assert_int_equal(json_id(e, "qty"), 2);
  snprintf(path, sizeof path, "/api/v1/exceptions/%lld/resolve",
           (long long)json_id(e, "id"));
  json_decref(desk);
  /* Reallocating brings the ended reservation back rather than a twin. */
  api_step_ok(&lead, "POST", path, "{\"action\":\"reallocate\"}", 200);
  assert_string_equal(order_state(held), "allocated");
  wave_of(1, 10);
  pick_all(p, next_list(p));
  pack_and_ship(held);
}

static void
cancelled_after_pick_goes_back_to_a_bin(void **state)
{
  const struct api_server *p = &pickers[4];
  int64_t avail = figure("SKU-5", "available");
  const char *code = intake_one("SKU-5", 2);
  char ext[16];
  snprintf(ext, sizeof ext, "%s", code);
  assert_int_equal(figure("SKU-5", "available"), avail - 2);
  wave_of(1, 10);
  pick_all(p, next_list(p));
  char path[96];
  snprintf(path, sizeof path, "/api/v1/orders/%lld/cancel",
           (long long)order_id(ext));
  api_step_ok(&srv, "POST", path, NULL, 200);
  assert_int_equal(figure("SKU-5", "available"), avail - 2);
  json_t *desk = api_step(
      &lead, "GET", "/api/v1/exceptions?kind=cancelled_after_pick", NULL, 200);
  json_t *e = json_array_get(json_object_get(desk, "items"), 0);
  assert_int_equal(json_id(e, "qty"), 2);
  snprintf(path, sizeof path, "/api/v1/exceptions/%lld/resolve",
           (long long)json_id(e, "id"));
  json_decref(desk);
  post_code(&lead, path, "{\"action\":\"putback\",\"bin\":\"ZZ-99\"}", 422,
            "unknown_bin");
  post_code(&lead, path, "{\"action\":\"scrap\"}", 422, "invalid_value");
  api_step_ok(&lead, "POST", path, "{\"action\":\"putback\",\"bin\":\"A-05\"}",
              200);
  assert_int_equal(figure("SKU-5", "available"), avail);
}

struct claim {
  pthread_barrier_t *start;
  const struct api_server *who;
  int64_t list;
};

static void *
claim_main(void *cls)
{
  struct claim *c = cls;
  pthread_barrier_wait(c->start);
  struct api_reply r;
  if (api_json(c->who, "POST", "/api/v1/picklists/next",
               "{\"warehouse\":\"W1\"}", &r) &&
      r.status == 200)
    c->list = json_integer_value(json_object_get(r.json, "picklist"));
  api_reply_clear(&r);
  return NULL;
}

static void
thirty_two_pickers_never_share_a_list(void **state)
{
  for (int i = 0; i < 40; i++)
    intake_one("SKU-2", 1);
  wave_of(40, 1);
  struct claim c[PICKERS];
  pthread_t t[PICKERS];
  pthread_barrier_t start;
  pthread_barrier_init(&start, NULL, PICKERS);
  for (int i = 0; i < PICKERS; i++) {
    c[i] = (struct claim){&start, &pickers[i], 0};
    pthread_create(&t[i], NULL, claim_main, &c[i]);
  }
  for (int i = 0; i < PICKERS; i++)
    pthread_join(t[i], NULL);
  pthread_barrier_destroy(&start);
  for (int i = 0; i < PICKERS; i++) {
    assert_true(c[i].list > 0);
    for (int j = 0; j < i; j++)
      assert_true(c[i].list != c[j].list);
  }
  /* A lead takes one back; the next picker asking gets it. */
  char path[64];
  snprintf(path, sizeof path, "/api/v1/picklists/%lld/assign",
           (long long)c[0].list);
  api_step_ok(&pickers[0], "POST", path, "{\"picker\":null}", 403);
  api_step_ok(&lead, "POST", path, "{\"picker\":null}", 200);
  post_code(&lead, path, "{\"picker\":\"nobody\"}", 422, "unknown_user");
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(two_hundred_orders_go_wave_pick_pack_ship),
      cmocka_unit_test(wrong_scans_are_refused_and_change_nothing),
      cmocka_unit_test(short_pick_tries_another_bin_then_holds_the_order),
      cmocka_unit_test(short_of_a_whole_task_holds_then_reallocates),
      cmocka_unit_test(cancelled_after_pick_goes_back_to_a_bin),
      cmocka_unit_test(thirty_two_pickers_never_share_a_list),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
