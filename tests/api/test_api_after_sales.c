/*
 * After-sales end to end over real HTTP, in a warehouse of its own (W6,
 * one SKU): a returned unit restocked into its bin fills the backorder of
 * the next order, which ships; another waits for a putaway task that is
 * confirmed later; an exchange and a reship are zero-price orders linked
 * to their return that are allocated, picked, packed and shipped like any
 * other, idempotent even when the same request races; Shopify refunds
 * (signed refunds/create deliveries) and WooCommerce orders moving to
 * refunded create or update the return of their order, once per channel
 * refund. A return only requested takes nothing in until it is
 * authorised; a parcel is found by its carton's tracking number or SSCC;
 * received goods are offered to the store only once restocked (returns
 * and quarantine zones are neither reserved nor synced), scrap goes to
 * @SCRAP at its cost, and goods for the supplier join one supplier return;
 * the list filters by state, store and dates and pages by keyset.
 * `depot check stock` holds after each flow.
 */
#include "api_harness.h"
#include "api_sink.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
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

#define SECRET "after sales secret"
enum { RACERS = 8 };

static struct api_server srv, picker;
static int next_key = 1;
static int next_tote = 1;
/* The RMA of the first flow, which the exchange goes on with. */
static int64_t first_rma;

#define ok(m, p, b, st) api_step_ok(&srv, m, p, b, st)

static void
setup_warehouse(void)
{
  ok("POST", "/api/v1/warehouses", "{\"code\":\"W6\",\"name\":\"w6\"}", 201);
  ok("POST", "/api/v1/warehouses/W6/zones",
     "{\"code\":\"P\",\"type\":\"pick\"}", 201);
  ok("POST", "/api/v1/warehouses/W6/zones",
     "{\"code\":\"R\",\"type\":\"returns\"}", 201);
  ok("POST", "/api/v1/warehouses/W6/bins",
     "{\"code\":\"P-01\",\"zone\":\"P\",\"pick_sequence\":1}", 201);
  ok("POST", "/api/v1/warehouses/W6/bins",
     "{\"code\":\"R-01\",\"zone\":\"R\",\"pick_sequence\":9}", 201);
  ok("POST", "/api/v1/warehouses/W6/totes",
     "{\"prefix\":\"C\",\"from\":1,\"to\":30}", 201);
  ok("POST", "/api/v1/products",
     "{\"sku\":\"MUG\",\"name\":\"mug\",\"weight_kg\":\"0.300\","
     "\"barcodes\":[{\"code\":\"MUG-BC\"}]}",
     201);
  ok("POST", "/api/v1/stock/adjustments",
     "{\"warehouse\":\"W6\",\"bin\":\"P-01\",\"sku\":\"MUG\",\"qty_delta\":2}",
     201);
  ok("POST", "/api/v1/carriers",
     "{\"code\":\"CX\",\"name\":\"Courier\",\"transit_days\":2,"
     "\"tracking\":{\"prefix\":\"CX\",\"digits\":9,\"check_digit\":\"mod10\","
     "\"first\":1,\"last\":5000}}",
     201);
  ok("POST", "/api/v1/carton-types", "{\"code\":\"BOX\",\"tare_g\":100}", 201);
  const char *stores[] = {"SHOPR", "shopify", "WOOR", "woocommerce"};
  for (int i = 0; i < 4; i += 2) {
    char body[300];
    snprintf(body, sizeof body,
             "{\"code\":\"%s\",\"name\":\"shop\",\"channel\":\"%s\","
             "\"warehouse\":\"W6\",\"webhook_secret\":\"" SECRET "\","
             "\"currency\":\"USD\",\"carrier\":\"CX\"}",
             stores[i], stores[i + 1]);
    ok("POST", "/api/v1/stores", body, 201);
  }
}

static int
setup(void **state)
{
  (void)state;
  if (!api_server_start(&srv, "api_after_sales", false, NULL))
    return -1;
  setup_warehouse();
  assert_true(
      api_add_user(&srv, "aspicker", "picker", "W6", "correct horse 42"));
  picker = srv;
  return api_login(&srv, "aspicker", "correct horse 42", picker.token, NULL) ==
                 200
             ? 0
             : -1;
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

/*
 * Delivers @a body to store @a store's webhook with topic header @a topic
 * (NULL: none), signed as the channel signs (base64 HMAC-SHA256) unless
 * @a sign is false; checks the status is @a status and returns the reply.
 */
static json_t *
deliver(const char *store, const char *topic, const char *body, bool sign,
        long status)
{
  bool shop = strcmp(store, "SHOPR") == 0;
  unsigned char mac[EVP_MAX_MD_SIZE], b64[80];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), SECRET, (int)strlen(SECRET), (const unsigned char *)body,
       strlen(body), mac, &mac_len);
  EVP_EncodeBlock(b64, mac, (int)mac_len);
  char path[96], header[160], topic_h[96];
  snprintf(path, sizeof path, "/api/v1/stores/%s/webhooks/%s", store,
           shop ? "shopify" : "woocommerce");
  snprintf(header, sizeof header, "%s: %s",
           shop ? "X-Shopify-Hmac-Sha256" : "X-WC-Webhook-Signature",
           sign ? (const char *)b64 : "AAAA");
  snprintf(topic_h, sizeof topic_h, "%s: %s",
           shop ? "X-Shopify-Topic" : "X-WC-Webhook-Topic",
           topic != NULL ? topic : "");
  const char *headers[] = {header, topic != NULL ? topic_h : NULL, NULL};
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

/* A Shopify order of @a qty mugs at 10.00 each, 5.00 shipping. */
static int64_t
shopify_order(const char *id, int qty, const char *want_state)
{
  char body[1200];
  snprintf(body, sizeof body,
           "{\"id\":%s,\"currency\":\"USD\",\"email\":\"a@example.com\","
           "\"total_price\":\"%d.00\",\"cancelled_at\":null,"
           "\"shipping_lines\":[{\"price\":\"5.00\"}],"
           "\"customer\":{\"first_name\":\"Ann\",\"last_name\":\"Lee\"},"
           "\"shipping_address\":{\"name\":\"Ann Lee\",\"address1\":\"1 Main "
           "St\",\"city\":\"Springfield\",\"zip\":\"12345\","
           "\"country_code\":\"US\"},\"line_items\":[{\"id\":%s1,"
           "\"sku\":\"MUG\",\"quantity\":%d,\"price\":\"10.00\"}]}",
           id, qty * 10 + 5, id, qty);
  json_t *o = deliver("SHOPR", "orders/create", body, true, 201);
  assert_string_equal(json_string_value(json_object_get(o, "state")),
                      want_state);
  int64_t v = json_integer_value(json_object_get(o, "id"));
  json_decref(o);
  return v;
}

static json_t *
scan(int64_t list, const char *code, int qty)
{
  char path[64], body[200];
  snprintf(path, sizeof path, "/api/v1/picklists/%lld/scan", (long long)list);
  snprintf(body, sizeof body,
           "{\"code\":\"%s\",\"qty\":%d,\"idempotency_key\":\"as-%d\"}", code,
           qty > 0 ? qty : 1, next_key++);
  return api_step(&picker, "POST", path, body, 200);
}

/* Waves W6 and picks the one list to the end. */
static void
wave_and_pick(void)
{
  char tote[8];
  ok("POST", "/api/v1/waves", "{\"warehouse\":\"W6\"}", 201);
  json_t *v = api_step(&picker, "POST", "/api/v1/picklists/next",
                       "{\"warehouse\":\"W6\"}", 200);
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

static const char *
order_state(int64_t id)
{
  static char out[32];
  char sql[120];
  snprintf(sql, sizeof sql, "SELECT state FROM sales_order WHERE id = %lld",
           (long long)id);
  assert_true(api_sql_text(&srv, sql, out, sizeof out));
  return out;
}

/* MUG units on hand in bin @a bin of W6. */
static int64_t
in_bin(const char *bin)
{
  char sql[300];
  snprintf(sql, sizeof sql,
           "SELECT coalesce(sum(q.on_hand), 0) FROM stock_quant q JOIN location"
           " l ON l.id = q.location_id JOIN warehouse w ON w.id ="
           " l.warehouse_id WHERE w.code = 'W6' AND l.code = '%s'",
           bin);
  return sql_int(sql);
}

/* POSTs @a body to RMA @a id's route @a op, expecting @a status. */
static json_t *
rma_post(int64_t id, const char *op, const char *body, long status)
{
  char path[96];
  snprintf(path, sizeof path, "/api/v1/returns/%lld/%s", (long long)id, op);
  return api_step(&srv, "POST", path, body, status);
}

static void
a_restocked_return_fills_the_next_order_which_ships(void **state)
{
  (void)state;
  int64_t a = shopify_order("8001", 2, "allocated");
  wave_and_pick();
  pack_and_ship("8001", 2);
  assert_string_equal(order_state(a), "shipped");
  /* Nothing left: the next order waits. */
  int64_t b = shopify_order("8002", 1, "backordered");
  char body[300];
  snprintf(body, sizeof body,
           "{\"order\":%lld,\"lines\":[{\"sku\":\"MUG\",\"qty\":2,\"reason\":"
           "\"changed_mind\"}],\"idempotency_key\":\"as-rma-1\"}",
           (long long)a);
  json_t *m = api_step(&srv, "POST", "/api/v1/returns", body, 201);
  first_rma = json_integer_value(json_object_get(m, "id"));
  json_decref(m);
  json_decref(rma_post(first_rma, "receive",
                       "{\"lines\":[{\"sku\":\"MUG-BC\",\"qty\":2,"
                       "\"condition\":\"sellable\"}],\"idempotency_key\":"
                       "\"as-recv-1\"}",
                       200));
  assert_int_equal(in_bin("R-01"), 2);
  /* Restocked into its bin: free to sell, the backorder is filled. */
  json_decref(rma_post(first_rma, "dispose",
                       "{\"lines\":[{\"sku\":\"MUG\",\"qty\":1,\"action\":"
                       "\"restock\",\"bin\":\"P-01\"}],\"idempotency_key\":"
                       "\"as-disp-1\"}",
                       200));
  assert_string_equal(order_state(b), "allocated");
  ledger_agrees();
  wave_and_pick();
  pack_and_ship("8002", 1);
  assert_string_equal(order_state(b), "shipped");
  ledger_agrees();
}

static void
a_restock_without_a_bin_waits_for_its_putaway_task(void **state)
{
  (void)state;
  json_t *m = rma_post(first_rma, "dispose",
                       "{\"lines\":[{\"sku\":\"MUG\",\"qty\":1,\"action\":"
                       "\"restock\"}],\"idempotency_key\":\"as-disp-2\"}",
                       200);
  json_t *d = json_array_get(json_object_get(m, "disposals"), 1);
  int64_t task = json_integer_value(json_object_get(d, "putaway_task"));
  assert_true(task > 0);
  json_decref(m);
  /* Still in the returns bin until someone puts it away. */
  assert_int_equal(in_bin("R-01"), 1);
  json_t *open =
      api_step(&srv, "GET", "/api/v1/putaway-tasks?warehouse=W6", NULL, 200);
  json_t *items = json_object_get(open, "items");
  bool listed = false;
  for (size_t i = 0; i < json_array_size(items); i++)
    listed |= json_integer_value(
                  json_object_get(json_array_get(items, i), "id")) == task;
  json_decref(open);
  assert_true(listed);
  char path[96];
  snprintf(path, sizeof path, "/api/v1/putaway-tasks/%lld/confirm",
           (long long)task);
  api_step_ok(&srv, "POST", path,
              "{\"bin\":\"P-01\",\"qty\":1,\"idempotency_key\":\"as-put-1\"}",
              200);
  assert_int_equal(in_bin("R-01"), 0);
  assert_int_equal(in_bin("P-01"), 1);
  /* Every unit that came back is disposed of: the return closes. */
  json_t *c = rma_post(first_rma, "close", NULL, 200);
  assert_string_equal(json_string_value(json_object_get(c, "state")), "closed");
  json_decref(c);
  ledger_agrees();
}

struct racer {
  int64_t rma;
  pthread_barrier_t *start;
  struct api_reply reply;
};

static void *
race_one(void *arg)
{
  struct racer *r = arg;
  char path[96];
  snprintf(path, sizeof path, "/api/v1/returns/%lld/exchange",
           (long long)r->rma);
  const char *body = "{\"lines\":[{\"sku\":\"MUG\",\"qty\":1}],"
                     "\"idempotency_key\":\"as-exch-1\"}";
  pthread_barrier_wait(r->start);
  api_json(&srv, "POST", path, body, &r->reply);
  return NULL;
}

/* The replacement order of RMA doc @a m: checks its link and price. */
static int64_t
replacement(const json_t *m, const char *kind)
{
  int64_t id = json_integer_value(json_object_get(m, "exchange_order"));
  assert_true(id > 0);
  assert_string_equal(json_string_value(json_object_get(m, "exchange_kind")),
                      kind);
  char path[64];
  snprintf(path, sizeof path, "/api/v1/orders/%lld", (long long)id);
  json_t *o = api_step(&srv, "GET", path, NULL, 200);
  assert_string_equal(json_string_value(json_object_get(o, "total")), "0.00");
  assert_int_equal(
      json_integer_value(json_object_get(json_object_get(o, "rma"), "id")),
      json_integer_value(json_object_get(m, "id")));
  assert_int_equal(json_array_size(json_object_get(o, "holds")), 0);
  json_decref(o);
  return id;
}

static void
an_exchange_is_a_linked_free_order_that_ships_once(void **state)
{
  (void)state;
  /* Eight racing deliveries of one request: one order, one answer. */
  pthread_barrier_t start;
  pthread_barrier_init(&start, NULL, RACERS);
  struct racer rs[RACERS];
  pthread_t th[RACERS];
  for (int i = 0; i < RACERS; i++) {
    rs[i] = (struct racer){.rma = first_rma, .start = &start};
    pthread_create(&th[i], NULL, race_one, &rs[i]);
  }
  int created = 0, replayed = 0;
  int64_t first = 0;
  for (int i = 0; i < RACERS; i++) {
    pthread_join(th[i], NULL);
    created += rs[i].reply.status == 201;
    replayed += rs[i].reply.status == 200;
    int64_t x =
        json_integer_value(json_object_get(rs[i].reply.json, "exchange_order"));
    if (first == 0)
      first = x;
    assert_int_equal(x, first);
    api_reply_clear(&rs[i].reply);
  }
  pthread_barrier_destroy(&start);
  assert_int_equal(created, 1);
  assert_int_equal(replayed, RACERS - 1);
  char sql[200];
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM sales_order WHERE rma_id = %lld",
           (long long)first_rma);
  assert_int_equal(sql_int(sql), 1);
  char path[64];
  snprintf(path, sizeof path, "/api/v1/returns/%lld", (long long)first_rma);
  json_t *m = api_step(&srv, "GET", path, NULL, 200);
  int64_t x = replacement(m, "exchange");
  assert_string_equal(
      json_string_value(json_object_get(m, "exchange_order_state")),
      "allocated");
  /* Both timelines tell. */
  json_t *tl = json_object_get(m, "timeline");
  assert_string_equal(json_string_value(json_object_get(
                          json_array_get(tl, json_array_size(tl) - 1), "code")),
                      "exchange");
  char number[40];
  snprintf(number, sizeof number, "%s-X",
           json_string_value(json_object_get(m, "number")));
  json_decref(m);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM order_event WHERE order_id = %lld AND code"
           " = 'rma_replacement'",
           (long long)x);
  assert_int_equal(sql_int(sql), 1);
  assert_true(sql_int("SELECT count(*) FROM order_event e JOIN sales_order o"
                      " ON o.id = e.order_id WHERE o.external_id = '8001'"
                      " AND e.code = 'rma_exchange'") == 1);
  /* One replacement per return; the same key with another body clashes. */
  char epath[96];
  snprintf(epath, sizeof epath, "/api/v1/returns/%lld/exchange",
           (long long)first_rma);
  api_step_code(&srv, "POST", epath,
                "{\"lines\":[{\"sku\":\"MUG\",\"qty\":1}]}", 409,
                "rma_has_replacement");
  api_step_code(&srv, "POST", epath,
                "{\"lines\":[{\"sku\":\"MUG\",\"qty\":2}],"
                "\"idempotency_key\":\"as-exch-1\"}",
                409, "idempotency_conflict");
  wave_and_pick();
  pack_and_ship(number, 1);
  assert_string_equal(order_state(x), "shipped");
  ledger_agrees();
}

static void
a_reship_sends_the_return_lines_again(void **state)
{
  (void)state;
  int64_t b = sql_int("SELECT id FROM sales_order WHERE external_id = '8002'");
  char body[300];
  snprintf(body, sizeof body,
           "{\"order\":%lld,\"lines\":[{\"sku\":\"MUG\",\"qty\":1,\"reason\":"
           "\"damaged_in_transit\"}],\"resolution\":\"reship\"}",
           (long long)b);
  json_t *m = api_step(&srv, "POST", "/api/v1/returns", body, 201);
  int64_t id = json_integer_value(json_object_get(m, "id"));
  json_decref(m);
  /* A reship names no lines: they are the return's. */
  json_decref(rma_post(id, "reship", "{\"lines\":[]}", 422));
  m = rma_post(id, "reship", "{\"idempotency_key\":\"as-reship\"}", 201);
  int64_t x = replacement(m, "reship");
  json_decref(m);
  char sql[200];
  snprintf(sql, sizeof sql,
           "SELECT sum(qty) FROM order_line WHERE order_id = %lld AND"
           " unit_price = 0",
           (long long)x);
  assert_int_equal(sql_int(sql), 1);
  /* No stock left: it waits like any order would. */
  assert_string_equal(order_state(x), "backordered");
  m = rma_post(id, "reship", "{\"idempotency_key\":\"as-reship\"}", 200);
  assert_true(json_is_true(json_object_get(m, "replayed")));
  json_decref(m);
  ledger_agrees();
}

static void
a_replacement_needs_known_goods_and_lines(void **state)
{
  (void)state;
  int64_t a = sql_int("SELECT id FROM sales_order WHERE external_id = '8001'");
  char body[120];
  snprintf(body, sizeof body, "{\"order\":%lld}", (long long)a);
  /* Goods came without a return: nothing on it yet to reship. */
  json_t *m = api_step(&srv, "POST", "/api/v1/returns/unannounced", body, 201);
  int64_t id = json_integer_value(json_object_get(m, "id"));
  json_decref(m);
  int64_t orders = sql_int("SELECT count(*) FROM sales_order");
  char path[96];
  snprintf(path, sizeof path, "/api/v1/returns/%lld/reship", (long long)id);
  api_step_code(&srv, "POST", path, NULL, 409, "rma_nothing_to_replace");
  snprintf(path, sizeof path, "/api/v1/returns/%lld/exchange", (long long)id);
  api_step_code(&srv, "POST", path,
                "{\"lines\":[{\"sku\":\"MUG\",\"qty\":1},"
                "{\"sku\":\"NO-SUCH\",\"qty\":1}]}",
                422, "unknown_sku");
  api_step_code(&srv, "POST", path, "{\"lines\":[]}", 422, "out_of_range");
  assert_int_equal(sql_int("SELECT count(*) FROM sales_order"), orders);
}

/* The shared refund fixture: a documented Shopify refunds/create body. */
static char *
fixture(void)
{
  FILE *f = fopen(AFTER_SALES_FIXTURES "/shopify_refund_create.json", "rb");
  assert_non_null(f);
  static char buf[16384];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  return buf;
}

/* Rows of @a table for the fixture's order. */
static int64_t
refund_rows(const char *what)
{
  char sql[300];
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM %s WHERE %s IN (SELECT id FROM rma WHERE"
           " order_id = (SELECT id FROM sales_order WHERE external_id ="
           " '820982911946154508'))",
           what, strcmp(what, "rma") == 0 ? "id" : "rma_id");
  return sql_int(sql);
}

static void
stock_up(int n)
{
  char body[160];
  snprintf(body, sizeof body,
           "{\"warehouse\":\"W6\",\"bin\":\"P-01\",\"sku\":\"MUG\","
           "\"qty_delta\":%d}",
           n);
  ok("POST", "/api/v1/stock/adjustments", body, 201);
}

static void
shopify_refunds_create_or_update_the_return_once(void **state)
{
  (void)state;
  /* New stock fills the reship's backorder: it ships like any order. */
  stock_up(1);
  int64_t reship = sql_int("SELECT id FROM sales_order WHERE external_id"
                           " LIKE 'RMA%-R'");
  assert_string_equal(order_state(reship), "allocated");
  char ext[40];
  assert_true(api_sql_text(&srv,
                           "SELECT external_id FROM sales_order WHERE id ="
                           " (SELECT max(id) FROM sales_order WHERE"
                           " external_id LIKE 'RMA%-R')",
                           ext, sizeof ext));
  wave_and_pick();
  pack_and_ship(ext, 1);
  assert_string_equal(order_state(reship), "shipped");
  /* The fixture's order, shipped. */
  stock_up(2);
  shopify_order("820982911946154508", 2, "allocated");
  wave_and_pick();
  pack_and_ship("820982911946154508", 2);
  /* Not shipped (unknown here): refused, nothing stored. */
  json_decref(deliver("SHOPR", "refunds/create",
                      "{\"id\":1,\"order_id\":999,\"refund_line_items\":[],"
                      "\"transactions\":[]}",
                      true, 404));
  /* A price adjustment first: money, no goods, a return without lines. */
  const char *adjust =
      "{\"id\":77001,\"order_id\":820982911946154508,\"note\":\"price\","
      "\"restock\":false,\"refund_line_items\":[],\"transactions\":[{"
      "\"kind\":\"refund\",\"status\":\"success\",\"amount\":\"3.00\"}],"
      "\"order_adjustments\":[]}";
  json_t *m = deliver("SHOPR", "refunds/create", adjust, true, 201);
  int64_t rma = json_integer_value(json_object_get(m, "id"));
  assert_string_equal(json_string_value(json_object_get(m, "origin")),
                      "channel");
  assert_int_equal(json_array_size(json_object_get(m, "lines")), 0);
  assert_true(
      json_number_value(json_object_get(
          json_array_get(json_object_get(m, "refunds"), 0), "amount")) == 3.0);
  json_decref(m);
  /* The fixture, wrongly signed: 401 and nothing stored. */
  const char *body = fixture();
  int64_t rmas = refund_rows("rma"), refunds = refund_rows("rma_refund");
  int64_t lines = refund_rows("rma_line");
  json_decref(deliver("SHOPR", "refunds/create", body, false, 401));
  assert_int_equal(refund_rows("rma"), rmas);
  assert_int_equal(refund_rows("rma_refund"), refunds);
  assert_int_equal(refund_rows("rma_line"), lines);
  /* Signed: the restocked mug comes back on the same return, the money
     and the shipping are recorded once. */
  for (int i = 0; i < 2; i++) {
    m = deliver("SHOPR", "refunds/create", body, true, i == 0 ? 201 : 200);
    assert_int_equal(json_integer_value(json_object_get(m, "id")), rma);
    json_t *ls = json_object_get(m, "lines");
    assert_int_equal(json_array_size(ls), 1);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(ls, 0), "sku")),
        "MUG");
    assert_int_equal(
        json_integer_value(json_object_get(json_array_get(ls, 0), "qty")), 1);
    json_t *f = json_array_get(json_object_get(m, "refunds"), 1);
    assert_true(json_number_value(json_object_get(f, "amount")) == 10.0);
    assert_true(json_number_value(json_object_get(f, "shipping_refund")) ==
                5.0);
    json_decref(m);
  }
  assert_int_equal(refund_rows("rma"), rmas);
  assert_int_equal(refund_rows("rma_refund"), refunds + 1);
  /* The floor receives the restocked mug on it like any return. */
  json_decref(rma_post(rma, "receive",
                       "{\"lines\":[{\"sku\":\"MUG-BC\",\"qty\":1}]}", 200));
  ledger_agrees();
}

static void
a_woocommerce_order_refunded_after_shipping_refunds_its_return(void **state)
{
  (void)state;
  stock_up(1);
  const char *fmt =
      "{\"id\":9301,\"status\":\"%s\",\"currency\":\"USD\","
      "\"total\":\"11.00\",\"shipping_total\":\"1.00\",\"billing\":{"
      "\"first_name\":\"Bo\",\"last_name\":\"Li\",\"email\":"
      "\"b@example.com\"},\"shipping\":{\"first_name\":\"Bo\",\"last_name\":"
      "\"Li\",\"address_1\":\"2 Side St\",\"city\":\"Shelbyville\","
      "\"postcode\":\"54321\",\"country\":\"US\"},\"line_items\":[{\"sku\":"
      "\"MUG\",\"quantity\":1,\"price\":\"10.00\"}]%s}";
  char body[1200];
  snprintf(body, sizeof body, fmt, "processing", "");
  json_decref(deliver("WOOR", "order.created", body, true, 201));
  wave_and_pick();
  pack_and_ship("9301", 1);
  snprintf(body, sizeof body, fmt, "refunded",
           ",\"refunds\":[{\"id\":4401,\"reason\":\"late\",\"total\":"
           "\"-11.00\"}]");
  for (int i = 0; i < 2; i++) {
    json_t *o = deliver("WOOR", "order.updated", body, true, 200);
    assert_string_equal(json_string_value(json_object_get(o, "state")),
                        "shipped");
    json_decref(o);
  }
  char sql[300];
  snprintf(sql, sizeof sql,
           "SELECT count(*) || ' ' || min(m.origin) || ' ' || sum(f.amount)"
           " FROM rma_refund f JOIN rma m ON m.id = f.rma_id JOIN sales_order"
           " o ON o.id = m.order_id WHERE o.external_id = '9301' AND"
           " f.channel_refund_id = '4401'");
  char out[64];
  assert_true(api_sql_text(&srv, sql, out, sizeof out));
  assert_string_equal(out, "1 channel 11.00");
  ledger_agrees();
}

/* Free MUG units in W6's pick zone: all a reservation may take there. */
static int64_t
pick_free(void)
{
  return sql_int("SELECT coalesce(sum(q.on_hand - q.reserved), 0) FROM"
                 " stock_quant q JOIN location l ON l.id = q.location_id"
                 " JOIN zone z ON z.id = l.zone_id JOIN warehouse w ON w.id ="
                 " l.warehouse_id WHERE w.code = 'W6' AND z.type = 'pick'");
}

/* Looks up parcel code @a code: its order must be @a order, without a
 * return yet, with @a n MUGs returnable. */
static void
parcel_is(const char *code, int64_t order, int64_t n)
{
  char path[160];
  snprintf(path, sizeof path, "/api/v1/returns/lookup?code=%s", code);
  json_t *j = api_step(&srv, "GET", path, NULL, 200);
  assert_int_equal(json_integer_value(json_object_get(j, "order")), order);
  assert_true(json_is_null(json_object_get(j, "rma")));
  json_t *r = json_array_get(json_object_get(j, "returnable"), 0);
  assert_string_equal(json_string_value(json_object_get(r, "sku")), "MUG");
  assert_int_equal(json_integer_value(json_object_get(r, "returnable")), n);
  json_decref(j);
}

static void
a_requested_return_found_by_its_parcel_waits_for_authorisation(void **state)
{
  (void)state;
  /* Six mugs at a cost, sold and shipped in one carton. */
  ok("POST", "/api/v1/stock/adjustments",
     "{\"warehouse\":\"W6\",\"bin\":\"P-01\",\"sku\":\"MUG\",\"qty_delta\":6,"
     "\"unit_cost\":\"4.0000\"}",
     201);
  int64_t a = shopify_order("8101", 6, "allocated");
  wave_and_pick();
  pack_and_ship("8101", 6);
  char sql[400], tracking[64], sscc[64], ai00[80];
  snprintf(sql, sizeof sql,
           "SELECT c.tracking_no || ' ' || c.sscc FROM carton c JOIN"
           " shipment_order x ON x.shipment_id = c.shipment_id WHERE"
           " x.order_id = %lld",
           (long long)a);
  char both[140];
  assert_true(api_sql_text(&srv, sql, both, sizeof both));
  assert_int_equal(sscanf(both, "%63s %63s", tracking, sscc), 2);
  snprintf(ai00, sizeof ai00, "00%s", sscc);
  /* The returns desk finds the parcel by what is on its label. */
  parcel_is(tracking, a, 6);
  parcel_is(sscc, a, 6);
  parcel_is(ai00, a, 6);
  /* Only requested: it counts against the order at once ... */
  char body[300];
  snprintf(body, sizeof body,
           "{\"order\":%lld,\"lines\":[{\"sku\":\"MUG\",\"qty\":6,\"reason\":"
           "\"quality_defect\"}],\"state\":\"requested\","
           "\"idempotency_key\":\"as-req\"}",
           (long long)a);
  json_t *m = api_step(&srv, "POST", "/api/v1/returns", body, 201);
  assert_string_equal(json_string_value(json_object_get(m, "state")),
                      "requested");
  int64_t id = json_integer_value(json_object_get(m, "id"));
  json_decref(m);
  /* Rejected: its lines no longer count against the order. */
  m = rma_post(id, "reject", "{\"note\":\"no reason given\"}", 200);
  assert_string_equal(json_string_value(json_object_get(m, "state")),
                      "rejected");
  json_decref(m);
  parcel_is(tracking, a, 6);
  snprintf(body, sizeof body,
           "{\"order\":%lld,\"lines\":[{\"sku\":\"MUG\",\"qty\":6,\"reason\":"
           "\"quality_defect\"}],\"state\":\"requested\","
           "\"idempotency_key\":\"as-req-2\"}",
           (long long)a);
  m = api_step(&srv, "POST", "/api/v1/returns", body, 201);
  assert_string_equal(json_string_value(json_object_get(m, "state")),
                      "requested");
  id = json_integer_value(json_object_get(m, "id"));
  json_decref(m);
  snprintf(body, sizeof body,
           "{\"order\":%lld,\"lines\":[{\"sku\":\"MUG\",\"qty\":1}]}",
           (long long)a);
  api_step_code(&srv, "POST", "/api/v1/returns", body, 409,
                "return_exceeds_shipped");
  /* ... and takes nothing in until the back office authorises it. */
  int64_t moves = sql_int("SELECT count(*) FROM stock_move");
  char path[96];
  snprintf(path, sizeof path, "/api/v1/returns/%lld/receive", (long long)id);
  api_step_code(&srv, "POST", path,
                "{\"lines\":[{\"code\":\"MUG-BC\",\"qty\":1}]}", 409,
                "rma_state");
  assert_int_equal(sql_int("SELECT count(*) FROM stock_move"), moves);
  m = rma_post(id, "authorize", NULL, 200);
  assert_string_equal(json_string_value(json_object_get(m, "state")),
                      "authorized");
  json_t *tl = json_object_get(m, "timeline");
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(tl, 0), "to")),
      "requested");
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(tl, 1), "to")),
      "authorized");
  json_decref(m);
  /* The item is given as sku or as code, never neither or both. */
  api_step_code(&srv, "POST", path, "{\"lines\":[{\"qty\":1}]}", 422,
                "missing_field");
  api_step_code(&srv, "POST", path,
                "{\"lines\":[{\"sku\":\"MUG\",\"code\":\"MUG-BC\"}]}", 422,
                "invalid_value");
  assert_int_equal(sql_int("SELECT count(*) FROM stock_move"), moves);
}

static void
returned_goods_are_offered_only_once_restocked(void **state)
{
  (void)state;
  static struct api_sink shop;
  assert_true(api_sink_start(&shop, 0));
  int64_t id = sql_int("SELECT m.id FROM rma m JOIN sales_order o ON o.id ="
                       " m.order_id WHERE o.external_id = '8101' AND m.state"
                       " <> 'rejected'");
  ok("POST", "/api/v1/warehouses/W6/zones",
     "{\"code\":\"Q\",\"type\":\"quarantine\"}", 201);
  ok("POST", "/api/v1/warehouses/W6/bins",
     "{\"code\":\"Q-01\",\"zone\":\"Q\",\"pick_sequence\":20}", 201);
  ok("POST", "/api/v1/suppliers", "{\"code\":\"MUGCO\",\"name\":\"mugs\"}",
     201);
  char body[300];
  snprintf(body, sizeof body,
           "{\"sync_url\":\"http://127.0.0.1:%u/stock\",\"sync_percent\":100,"
           "\"sync_buffer\":0}",
           shop.port);
  ok("PATCH", "/api/v1/stores/SHOPR", body, 200);
  ok("POST", "/api/v1/stores/SHOPR/prices", "{\"sku\":\"MUG\",\"price\":10}",
     200);
  assert_int_equal(pick_free(), 0);
  int64_t r0 = in_bin("R-01");
  /* Received by scanned barcode into the returns bin: on hand, not for
   * sale, so the store is offered nothing more. */
  json_t *m = rma_post(id, "receive",
                       "{\"lines\":[{\"code\":\"MUG-BC\",\"qty\":6,"
                       "\"condition\":\"defective\"}],\"idempotency_key\":"
                       "\"as-recv-6\"}",
                       200);
  assert_string_equal(json_string_value(json_object_get(m, "state")),
                      "received");
  char number[32];
  snprintf(number, sizeof number, "%s",
           json_string_value(json_object_get(m, "number")));
  json_decref(m);
  assert_int_equal(in_bin("R-01"), r0 + 6);
  assert_true(api_sink_saw(&shop, "\"available\":0}", 1, 20));
  /* Goods came back: too late to reject. */
  json_decref(rma_post(id, "reject", NULL, 409));
  /* Quarantine and scrap. */
  json_decref(rma_post(id, "dispose",
                       "{\"lines\":[{\"sku\":\"MUG\",\"qty\":1,\"action\":"
                       "\"quarantine\"},{\"sku\":\"MUG\",\"qty\":1,\"action\":"
                       "\"scrap\"}],\"idempotency_key\":\"as-disp-qs\"}",
                       200));
  assert_int_equal(in_bin("Q-01"), 1);
  /* A quarantined unit is never reserved: the next order waits. */
  int64_t b = shopify_order("8102", 1, "backordered");
  char sql[700];
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM stock_move v JOIN location l ON l.id ="
           " v.to_location_id JOIN fin_entry e ON e.source_kind = 'move' AND"
           " e.source_id = v.id JOIN fin_line f ON f.entry_id = e.id AND"
           " f.account = '6711' WHERE v.document = '%s' AND l.code ="
           " '@SCRAP' AND v.qty = 1 AND v.unit_cost > 0 AND f.debit ="
           " v.unit_cost",
           number);
  /* Scrap leaves for @SCRAP at its cost, expensed (6711). */
  assert_int_equal(sql_int(sql), 1);
  /* Restocked: the backorder is filled, the rest is offered. */
  json_decref(rma_post(id, "dispose",
                       "{\"lines\":[{\"sku\":\"MUG\",\"qty\":2,\"action\":"
                       "\"restock\",\"bin\":\"P-01\"}],\"idempotency_key\":"
                       "\"as-disp-rs\"}",
                       200));
  assert_string_equal(order_state(b), "allocated");
  assert_int_equal(pick_free(), 1);
  assert_true(api_sink_saw(&shop, "\"available\":1}", 2, 20));
  /* Goods for the supplier, in two requests, join one supplier return. */
  for (int i = 0; i < 2; i++) {
    snprintf(body, sizeof body,
             "{\"lines\":[{\"sku\":\"MUG\",\"qty\":1,\"action\":"
             "\"to_supplier\",\"supplier\":\"MUGCO\"}],\"idempotency_key\":"
             "\"as-sup-%d\"}",
             i);
    json_decref(rma_post(id, "dispose", body, 200));
  }
  snprintf(sql, sizeof sql,
           "SELECT count(DISTINCT d.supplier_return_id) || ' ' || sum(d.qty)"
           " || ' ' || min(s.code) FROM rma_disposal d JOIN supplier_return"
           " r ON r.id = d.supplier_return_id JOIN supplier s ON s.id ="
           " r.supplier_id WHERE d.rma_id = %lld",
           (long long)id);
  char out[64];
  assert_true(api_sql_text(&srv, sql, out, sizeof out));
  assert_string_equal(out, "1 2 MUGCO");
  assert_int_equal(in_bin("R-01"), r0);
  /* Money back: at most the lines' paid 6 x 10.00 plus the 5.00 shipping,
   * in the order's currency; a refusal records nothing. */
  char path[96];
  snprintf(path, sizeof path, "/api/v1/returns/%lld/refund", (long long)id);
  api_step_code(&srv, "POST", path, "{\"amount\":\"60.01\"}", 409,
                "refund_exceeds_paid");
  api_step_code(&srv, "POST", path,
                "{\"amount\":\"1.00\",\"shipping_refund\":\"5.01\"}", 409,
                "refund_exceeds_paid");
  m = rma_post(id, "refund",
               "{\"amount\":\"60.00\",\"shipping_refund\":\"5.00\","
               "\"method\":\"cash\",\"idempotency_key\":\"as-refund\"}",
               200);
  json_t *f = json_array_get(json_object_get(m, "refunds"), 0);
  assert_int_equal(json_array_size(json_object_get(m, "refunds")), 1);
  assert_string_equal(json_string_value(json_object_get(f, "currency")), "USD");
  assert_string_equal(json_string_value(json_object_get(f, "method")), "cash");
  json_decref(m);
  api_step_code(&srv, "POST", path, "{\"amount\":\"0.01\"}", 409,
                "refund_exceeds_paid");
  m = rma_post(id, "close", NULL, 200);
  assert_string_equal(json_string_value(json_object_get(m, "state")), "closed");
  /* What reports read: the line's SKU, reason and days since shipping,
   * its receipts' condition, its disposals' actions. */
  json_t *l = json_array_get(json_object_get(m, "lines"), 0);
  assert_string_equal(json_string_value(json_object_get(l, "sku")), "MUG");
  assert_string_equal(json_string_value(json_object_get(l, "reason")),
                      "quality_defect");
  assert_int_equal(json_integer_value(json_object_get(l, "days_since_ship")),
                   0);
  assert_string_equal(
      json_string_value(json_object_get(
          json_array_get(json_object_get(m, "receipts"), 0), "condition")),
      "defective");
  json_t *ds = json_object_get(m, "disposals");
  const char *want[] = {"quarantine", "scrap", "restock", "to_supplier",
                        "to_supplier"};
  assert_int_equal(json_array_size(ds), 5);
  for (size_t i = 0; i < 5; i++)
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(ds, i), "action")),
        want[i]);
  json_decref(m);
  ledger_agrees();
}

/* Ids of the list page at @a path into @a ids (at most @a cap); the
 * page's next cursor into @a next ("" at the end). Answers the count. */
static size_t
list_ids(const char *path, int64_t *ids, size_t cap, char *next, size_t len)
{
  json_t *j = api_step(&srv, "GET", path, NULL, 200);
  json_t *items = json_object_get(j, "items");
  size_t n = json_array_size(items);
  for (size_t i = 0; i < n && i < cap; i++)
    ids[i] =
        json_integer_value(json_object_get(json_array_get(items, i), "id"));
  const char *nx = json_string_value(json_object_get(j, "next"));
  snprintf(next, len, "%s", nx != NULL ? nx : "");
  json_decref(j);
  return n;
}

static void
the_list_filters_by_state_store_and_dates_and_pages_by_keyset(void **state)
{
  (void)state;
  int64_t ids[64], all = sql_int("SELECT count(*) FROM rma");
  char next[80], path[200], today[16], tomorrow[16];
  assert_true(
      api_sql_text(&srv, "SELECT current_date::text", today, sizeof today));
  assert_true(api_sql_text(&srv, "SELECT (current_date + 1)::text", tomorrow,
                           sizeof tomorrow));
  /* Keyset pages of two, newest first, meet every RMA once. */
  int64_t seen = 0, last = INT64_MAX;
  snprintf(path, sizeof path, "/api/v1/returns?limit=2");
  for (;;) {
    size_t n = list_ids(path, ids, 64, next, sizeof next);
    assert_true(n <= 2);
    for (size_t i = 0; i < n; i++) {
      assert_true(ids[i] < last);
      last = ids[i];
    }
    seen += (int64_t)n;
    if (next[0] == '\0')
      break;
    snprintf(path, sizeof path, "/api/v1/returns?limit=2&cursor=%s", next);
  }
  assert_int_equal(seen, all);
  /* By store, by state, by day of creation. */
  const struct {
    const char *query, *sql;
  } cases[] = {
      {"store=WOOR", "SELECT count(*) FROM rma m JOIN store s ON s.id ="
                     " m.store_id WHERE s.code = 'WOOR'"},
      {"state=closed", "SELECT count(*) FROM rma WHERE state = 'closed'"},
      {"state=open&store=SHOPR",
       "SELECT count(*) FROM rma m JOIN store s ON s.id = m.store_id WHERE"
       " s.code = 'SHOPR' AND m.state NOT IN ('closed', 'rejected')"},
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    snprintf(path, sizeof path, "/api/v1/returns?limit=50&%s", cases[c].query);
    size_t n = list_ids(path, ids, 64, next, sizeof next);
    assert_true(n >= 1);
    assert_int_equal((int64_t)n, sql_int(cases[c].sql));
  }
  snprintf(path, sizeof path, "/api/v1/returns?limit=50&from=%s&to=%s", today,
           today);
  assert_int_equal((int64_t)list_ids(path, ids, 64, next, sizeof next), all);
  snprintf(path, sizeof path, "/api/v1/returns?from=%s", tomorrow);
  assert_int_equal(list_ids(path, ids, 64, next, sizeof next), 0);
  api_step_code(&srv, "GET", "/api/v1/returns?from=2026-13-01", NULL, 422,
                "invalid_value");
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_restocked_return_fills_the_next_order_which_ships),
      cmocka_unit_test(a_restock_without_a_bin_waits_for_its_putaway_task),
      cmocka_unit_test(an_exchange_is_a_linked_free_order_that_ships_once),
      cmocka_unit_test(a_reship_sends_the_return_lines_again),
      cmocka_unit_test(a_replacement_needs_known_goods_and_lines),
      cmocka_unit_test(shopify_refunds_create_or_update_the_return_once),
      cmocka_unit_test(
          a_woocommerce_order_refunded_after_shipping_refunds_its_return),
      cmocka_unit_test(
          a_requested_return_found_by_its_parcel_waits_for_authorisation),
      cmocka_unit_test(returned_goods_are_offered_only_once_restocked),
      cmocka_unit_test(
          the_list_filters_by_state_store_and_dates_and_pages_by_keyset),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
