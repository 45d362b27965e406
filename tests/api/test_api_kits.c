/*
 * Kits and platform SKU mapping (issue 24) through the API: a kit has no
 * stock of its own and offers what its components make; an order line for
 * a kit becomes component lines that carry the revenue split by list
 * price and are reserved all or none, so twenty orders racing for the
 * last kit never oversell a component; a store's platform codes resolve
 * before SKU and barcode and multiply the units; an unmapped code still
 * holds the order, and the fix can save the mapping; a kit order is
 * picked, packed and shipped as its components. The harness runs
 * `depot check stock` when the server stops.
 */
#include "api_harness.h"

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

enum { RACERS = 20 };

static struct api_server srv;

static int64_t
sql_int(const char *sql)
{
  char out[64];
  assert_true(api_sql_text(&srv, sql, out, sizeof out));
  return strtoll(out, NULL, 10);
}

static void
product(const char *sku, const char *price, const char *bin, int qty)
{
  char body[300];
  snprintf(body, sizeof body,
           "{\"sku\":\"%s\",\"name\":\"%s\",\"list_price\":%s}", sku, sku,
           price);
  api_step_ok(&srv, "POST", "/api/v1/products", body, 201);
  if (qty > 0) {
    snprintf(body, sizeof body,
             "{\"warehouse\":\"W1\",\"bin\":\"%s\",\"sku\":\"%s\","
             "\"qty_delta\":%d}",
             bin, sku, qty);
    api_step_ok(&srv, "POST", "/api/v1/stock/adjustments", body, 201);
  }
}

static int
setup(void **state)
{
  (void)state;
  if (!api_server_start(&srv, "api_kits", false, NULL))
    return -1;
  api_step_ok(&srv, "POST", "/api/v1/warehouses",
              "{\"code\":\"W1\",\"name\":\"w\"}", 201);
  api_step_ok(&srv, "POST", "/api/v1/warehouses/W1/zones",
              "{\"code\":\"P\",\"type\":\"pick\"}", 201);
  for (int b = 1; b <= 3; b++) {
    char body[80];
    snprintf(body, sizeof body, "{\"code\":\"P-%d\",\"zone\":\"P\"}", b);
    api_step_ok(&srv, "POST", "/api/v1/warehouses/W1/bins", body, 201);
  }
  api_step_ok(&srv, "POST", "/api/v1/stores",
              "{\"code\":\"TM1\",\"name\":\"天猫\",\"channel\":\"api\","
              "\"warehouse\":\"W1\",\"currency\":\"CNY\"}",
              201);
  /* A teapot and cups: 5 teapots, 18 cups over two bins. */
  product("POT", "200.00", "P-1", 5);
  product("CUP", "50.00", "P-1", 10);
  char body[200];
  snprintf(body, sizeof body,
           "{\"warehouse\":\"W1\",\"bin\":\"P-2\",\"sku\":\"CUP\","
           "\"qty_delta\":8}");
  api_step_ok(&srv, "POST", "/api/v1/stock/adjustments", body, 201);
  return 0;
}

static int
teardown(void **state)
{
  (void)state;
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

/* The available figure of @a sku in W1 from GET /stock. */
static int64_t
available(const char *sku)
{
  char path[128];
  snprintf(path, sizeof path, "/api/v1/stock?sku=%s&warehouse=W1", sku);
  json_t *j = api_step(&srv, "GET", path, NULL, 200);
  json_t *item = json_array_get(json_object_get(j, "items"), 0);
  int64_t v =
      item != NULL ? json_integer_value(json_object_get(item, "available")) : 0;
  json_decref(j);
  return v;
}

static json_t *
order(const char *ext, const char *code, int qty, const char *price)
{
  char body[600];
  snprintf(body, sizeof body,
           "{\"store\":\"TM1\",\"external_id\":\"%s\",\"currency\":\"CNY\","
           "\"ship_to\":{\"name\":\"周丽\",\"line1\":\"解放西路 18 号\","
           "\"city\":\"长沙市\",\"country_code\":\"CN\"},"
           "\"lines\":[{\"sku\":\"%s\",\"qty\":%d,\"unit_price\":\"%s\"}]}",
           ext, code, qty, price);
  return api_step(&srv, "POST", "/api/v1/orders", body, 201);
}

static const char *
state_of(const json_t *o)
{
  return json_string_value(json_object_get(o, "state"));
}

static json_t *
line_of(const json_t *o, const char *sku)
{
  size_t i;
  json_t *l;
  json_array_foreach(json_object_get(o, "lines"), i, l)
  {
    if (strcmp(json_string_value(json_object_get(l, "sku")), sku) == 0)
      return l;
  }
  fail_msg("no line of %s", sku);
  return NULL;
}

static void
kits_are_made_of_plain_skus_and_offer_what_their_components_make(void **st)
{
  (void)st;
  json_t *k =
      api_step(&srv, "POST", "/api/v1/products",
               "{\"sku\":\"GIFT\",\"name\":\"一壶四杯\",\"kind\":\"kit\","
               "\"list_price\":\"400.00\",\"components\":["
               "{\"sku\":\"POT\",\"qty\":1},{\"sku\":\"CUP\",\"qty\":4}]}",
               201);
  assert_string_equal(json_string_value(json_object_get(k, "kind")), "kit");
  assert_int_equal(json_array_size(json_object_get(k, "components")), 2);
  json_decref(k);
  /* min(5 / 1, 18 / 4) = 4 gift sets. */
  assert_int_equal(available("GIFT"), 4);
  api_step_code(&srv, "POST", "/api/v1/products",
                "{\"sku\":\"GIFT2\",\"name\":\"x\",\"kind\":\"kit\","
                "\"components\":[{\"sku\":\"GIFT\",\"qty\":1}]}",
                422, "kit_of_kits");
  struct api_reply r;
  assert_true(api_json(&srv, "POST", "/api/v1/products",
                       "{\"sku\":\"GIFT3\",\"name\":\"x\",\"kind\":\"kit\","
                       "\"components\":[{\"sku\":\"POT\",\"qty\":1},"
                       "{\"sku\":\"NOPE\",\"qty\":1}]}",
                       &r));
  assert_int_equal(r.status, 422);
  assert_string_equal(api_error_code(&r), "unknown_sku");
  assert_string_equal(api_error_field(&r), "components[1].sku");
  api_reply_clear(&r);
  api_step_code(&srv, "POST", "/api/v1/products",
                "{\"sku\":\"GIFT4\",\"name\":\"x\",\"kind\":\"kit\"}", 422,
                "kit_empty");
  /* A refused kit leaves no SKU behind. */
  assert_int_equal(sql_int("SELECT count(*) FROM sku WHERE code LIKE 'GIFT_'"),
                   0);
  /* A component cannot become a kit; a stocked SKU cannot either. */
  api_step_code(&srv, "PATCH", "/api/v1/products/POT",
                "{\"kind\":\"kit\",\"components\":[{\"sku\":\"CUP\"}]}", 422,
                "kit_of_kits");
  product("LONE", "1.00", "P-3", 1);
  api_step_code(&srv, "PATCH", "/api/v1/products/LONE",
                "{\"kind\":\"kit\",\"components\":[{\"sku\":\"CUP\"}]}", 409,
                "kit_has_stock");
  /* PATCH changes the components: 2 cups a set -> min(5, 9) = 5. */
  k = api_step(&srv, "PATCH", "/api/v1/products/GIFT",
               "{\"components\":[{\"sku\":\"POT\",\"qty\":1},"
               "{\"sku\":\"CUP\",\"qty\":2}]}",
               200);
  json_decref(k);
  assert_int_equal(available("GIFT"), 5);
  k = api_step(&srv, "PATCH", "/api/v1/products/GIFT",
               "{\"components\":[{\"sku\":\"POT\",\"qty\":1},"
               "{\"sku\":\"CUP\",\"qty\":4}]}",
               200);
  json_decref(k);
  assert_int_equal(available("GIFT"), 4);
}

static void
a_kit_line_reserves_its_components_and_splits_its_revenue(void **st)
{
  (void)st;
  json_t *o = order("KIT-1", "GIFT", 1, "360.00");
  assert_string_equal(state_of(o), "allocated");
  json_t *kit = line_of(o, "GIFT");
  assert_false(json_boolean_value(json_object_get(kit, "requires_shipping")));
  assert_string_equal(json_string_value(json_object_get(kit, "kit_price")),
                      "360.00");
  /* List prices 200 x 1 and 50 x 4 weigh the same: 180 each. */
  json_t *cup = line_of(o, "CUP");
  assert_int_equal(json_integer_value(json_object_get(cup, "qty")), 4);
  assert_int_equal(json_integer_value(json_object_get(cup, "allocated")), 4);
  assert_string_equal(json_string_value(json_object_get(cup, "revenue")),
                      "180.00");
  assert_string_equal(json_string_value(json_object_get(cup, "unit_price")),
                      "45.00");
  assert_int_equal(json_integer_value(json_object_get(cup, "kit_of")), 1);
  json_t *pot = line_of(o, "POT");
  assert_string_equal(json_string_value(json_object_get(pot, "revenue")),
                      "180.00");
  json_decref(o);
  assert_int_equal(available("GIFT"), 3);
  /* Five sets: more than there are; nothing of any component is taken. */
  o = order("KIT-2", "GIFT", 5, "360.00");
  assert_string_equal(state_of(o), "backordered");
  assert_int_equal(
      json_integer_value(json_object_get(line_of(o, "POT"), "allocated")), 0);
  assert_int_equal(
      json_integer_value(json_object_get(line_of(o, "CUP"), "allocated")), 0);
  json_decref(o);
  assert_int_equal(available("POT"), 4);
  assert_int_equal(available("CUP"), 14);
}

struct racer {
  pthread_barrier_t *start;
  char body[600];
  struct api_reply reply;
};

static void *
race_one(void *cls)
{
  struct racer *r = cls;
  pthread_barrier_wait(r->start);
  api_json(&srv, "POST", "/api/v1/orders", r->body, &r->reply);
  return NULL;
}

static void
twenty_orders_for_the_last_kit_never_oversell_a_component(void **st)
{
  (void)st;
  /* One set's worth: 1 base and 2 of 3 lids (a lid more than a set). */
  product("RBASE", "10.00", "P-3", 1);
  product("RLID", "5.00", "P-3", 3);
  api_step_ok(&srv, "POST", "/api/v1/products",
              "{\"sku\":\"RSET\",\"name\":\"x\",\"kind\":\"kit\","
              "\"components\":[{\"sku\":\"RLID\",\"qty\":2},"
              "{\"sku\":\"RBASE\",\"qty\":1}]}",
              201);
  assert_int_equal(available("RSET"), 1);
  pthread_barrier_t start;
  pthread_barrier_init(&start, NULL, RACERS);
  struct racer rs[RACERS];
  pthread_t th[RACERS];
  for (int i = 0; i < RACERS; i++) {
    rs[i] = (struct racer){.start = &start};
    snprintf(rs[i].body, sizeof rs[i].body,
             "{\"store\":\"TM1\",\"external_id\":\"RACE-%d\",\"currency\":"
             "\"CNY\",\"ship_to\":{\"name\":\"n\",\"line1\":\"l\",\"city\":"
             "\"c\",\"country_code\":\"CN\"},\"lines\":[{\"sku\":\"RSET\","
             "\"qty\":1,\"unit_price\":\"20.00\"}]}",
             i);
    pthread_create(&th[i], NULL, race_one, &rs[i]);
  }
  int allocated = 0, backordered = 0;
  for (int i = 0; i < RACERS; i++) {
    pthread_join(th[i], NULL);
    assert_int_equal(rs[i].reply.status, 201);
    const char *s = state_of(rs[i].reply.json);
    allocated += strcmp(s, "allocated") == 0;
    backordered += strcmp(s, "backordered") == 0;
    api_reply_clear(&rs[i].reply);
  }
  pthread_barrier_destroy(&start);
  assert_int_equal(allocated, 1);
  assert_int_equal(backordered, RACERS - 1);
  /* Exactly one set's components are reserved; the third lid is free. */
  assert_int_equal(sql_int("SELECT sum(q.reserved) FROM stock_quant q"
                           " JOIN sku s ON s.id = q.sku_id"
                           " WHERE s.code = 'RLID'"),
                   2);
  assert_int_equal(sql_int("SELECT sum(q.reserved) FROM stock_quant q"
                           " JOIN sku s ON s.id = q.sku_id"
                           " WHERE s.code = 'RBASE'"),
                   1);
  assert_int_equal(
      sql_int("SELECT count(*) FROM stock_quant WHERE reserved > on_hand"), 0);
  /* No backordered racer holds a part of a set. */
  assert_int_equal(sql_int("SELECT count(*) FROM order_line l"
                           " JOIN sales_order o ON o.id = l.order_id"
                           " WHERE o.state = 'backordered'"
                           " AND o.external_id LIKE 'RACE-%'"
                           " AND l.allocated_qty > 0"),
                   0);
  assert_int_equal(available("RSET"), 0);
}

static void
platform_codes_resolve_through_the_store_map(void **st)
{
  (void)st;
  json_t *m =
      api_step(&srv, "POST", "/api/v1/stores/TM1/sku-map",
               "{\"platform_sku\":\"TM-CUP6\",\"sku\":\"CUP\",\"qty\":6}", 201);
  assert_int_equal(json_integer_value(json_object_get(m, "qty")), 6);
  json_decref(m);
  api_step_ok(&srv, "POST", "/api/v1/stores/TM1/sku-map",
              "{\"platform_sku\":\"TM-GIFT\",\"kit\":\"GIFT\"}", 201);
  api_step_code(&srv, "POST", "/api/v1/stores/TM1/sku-map",
                "{\"platform_sku\":\"TM-X\",\"kit\":\"CUP\"}", 422,
                "not_a_kit");
  api_step_code(&srv, "POST", "/api/v1/stores/TM1/sku-map",
                "{\"platform_sku\":\"TM-X\",\"sku\":\"NOPE\"}", 422,
                "unknown_sku");
  api_step_code(&srv, "POST", "/api/v1/stores/NOSTORE/sku-map",
                "{\"platform_sku\":\"TM-X\",\"sku\":\"CUP\"}", 404,
                "unknown_store");
  /* A 6-pack listing is 6 cups at a sixth of the price. */
  json_t *o = order("MAP-1", "TM-CUP6", 1, "270.00");
  json_t *l = line_of(o, "CUP");
  assert_int_equal(json_integer_value(json_object_get(l, "qty")), 6);
  assert_string_equal(json_string_value(json_object_get(l, "unit_price")),
                      "45.00");
  assert_string_equal(json_string_value(json_object_get(l, "platform_sku")),
                      "TM-CUP6");
  json_decref(o);
  /* A mapped kit expands as a kit. */
  o = order("MAP-2", "TM-GIFT", 1, "400.00");
  assert_string_equal(state_of(o), "allocated");
  assert_int_equal(json_array_size(json_object_get(o, "lines")), 3);
  json_decref(o);
  /* Upload: all or none, a bad row named by its index. */
  struct api_reply r;
  assert_true(api_json(&srv, "POST", "/api/v1/stores/TM1/sku-map/import",
                       "{\"csv\":\"platform_sku,sku,kit,qty\\nTM-A,POT,,1\\n"
                       "TM-B,,CUP,2\\n\"}",
                       &r));
  assert_int_equal(r.status, 422);
  assert_string_equal(api_error_code(&r), "not_a_kit");
  assert_string_equal(api_error_field(&r), "rows[1].kit");
  api_reply_clear(&r);
  api_step_code(&srv, "POST", "/api/v1/stores/TM1/sku-map/import",
                "{\"csv\":\"code,sku\\nTM-A,POT\\n\"}", 422, "invalid_value");
  json_t *up =
      api_step(&srv, "POST", "/api/v1/stores/TM1/sku-map/import",
               "{\"csv\":\"\\u5546\\u5bb6\\u7f16\\u7801,SKU,"
               "\\u6570\\u91cf\\r\\nTM-A,POT,1\\r\\nTM-B,CUP,2\\r\\n\"}",
               200);
  assert_int_equal(json_integer_value(json_object_get(up, "saved")), 2);
  json_decref(up);
  /* Search and keyset pages. */
  json_t *p =
      api_step(&srv, "GET", "/api/v1/stores/TM1/sku-map?q=cup", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(p, "items")), 2);
  json_decref(p);
  p = api_step(&srv, "GET", "/api/v1/stores/TM1/sku-map?limit=3", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(p, "items")), 3);
  const char *next = json_string_value(json_object_get(p, "next"));
  assert_non_null(next);
  char path[200];
  snprintf(path, sizeof path, "/api/v1/stores/TM1/sku-map?limit=3&cursor=%s",
           next);
  json_decref(p);
  p = api_step(&srv, "GET", path, NULL, 200);
  assert_int_equal(json_array_size(json_object_get(p, "items")), 1);
  json_decref(p);
  api_step_ok(&srv, "DELETE", "/api/v1/stores/TM1/sku-map/TM-A", NULL, 200);
  api_step_code(&srv, "DELETE", "/api/v1/stores/TM1/sku-map/TM-A", NULL, 404,
                "not_found");
}

static void
an_unmapped_code_holds_and_the_fix_saves_the_mapping(void **st)
{
  (void)st;
  /* Cups for two more sets; the backordered five sets still wait. */
  api_step_ok(&srv, "POST", "/api/v1/stock/adjustments",
              "{\"warehouse\":\"W1\",\"bin\":\"P-2\",\"sku\":\"CUP\","
              "\"qty_delta\":8}",
              201);
  assert_int_equal(sql_int("SELECT count(*) FROM order_line l"
                           " JOIN sales_order o ON o.id = l.order_id"
                           " WHERE o.external_id = 'KIT-2'"
                           " AND l.allocated_qty > 0"),
                   0);
  json_t *o = order("UNK-1", "TM-NEWGIFT", 1, "400.00");
  assert_string_equal(state_of(o), "on_hold");
  json_t *h = json_array_get(json_object_get(o, "holds"), 0);
  assert_string_equal(json_string_value(json_object_get(h, "reason")),
                      "unknown_sku");
  char path[96];
  snprintf(path, sizeof path, "/api/v1/orders/%lld",
           (long long)json_integer_value(json_object_get(o, "id")));
  json_decref(o);
  api_step_ok(
      &srv, "PATCH", path,
      "{\"lines\":[{\"line\":1,\"sku\":\"GIFT\",\"save_mapping\":true}]}", 200);
  char rel[120];
  snprintf(rel, sizeof rel, "%s/release", path);
  o = api_step(&srv, "POST", rel, NULL, 200);
  assert_string_equal(state_of(o), "allocated");
  assert_int_equal(json_array_size(json_object_get(o, "lines")), 3);
  json_decref(o);
  json_t *p =
      api_step(&srv, "GET", "/api/v1/stores/TM1/sku-map?q=NEWGIFT", NULL, 200);
  json_t *m = json_array_get(json_object_get(p, "items"), 0);
  assert_string_equal(json_string_value(json_object_get(m, "sku")), "GIFT");
  json_decref(p);
  /* Next time the code is known. */
  o = order("UNK-2", "TM-NEWGIFT", 1, "400.00");
  assert_string_equal(state_of(o), "allocated");
  json_decref(o);
}

/* A store that lists a kit is told when a component's free stock moves,
 * and is offered whole kits. */
static void
the_stock_sync_pushes_a_kit_when_a_component_changes(void **st)
{
  (void)st;
  api_step_ok(&srv, "PATCH", "/api/v1/stores/TM1",
              "{\"sync_url\":\"http://127.0.0.1:9/stock\"}", 200);
  api_step_ok(&srv, "POST", "/api/v1/stores/TM1/prices",
              "{\"sku\":\"GIFT\",\"price\":\"400.00\"}", 200);
  (void)sql_int("WITH d AS (DELETE FROM outbox RETURNING 1)"
                " SELECT count(*) FROM d");
  api_step_ok(&srv, "POST", "/api/v1/stock/adjustments",
              "{\"warehouse\":\"W1\",\"bin\":\"P-3\",\"sku\":\"CUP\","
              "\"qty_delta\":4}",
              201);
  assert_int_equal(sql_int("SELECT count(*) FROM outbox o JOIN sku s"
                           " ON s.id = o.sku_id WHERE s.code = 'GIFT'"
                           " AND o.delivered_at IS NULL"),
                   1);
  /* What the sync offers is what GET /stock shows. */
  assert_int_equal(sql_int("SELECT kit_available(s.id, w.id) FROM sku s,"
                           " warehouse w WHERE s.code = 'GIFT'"
                           " AND w.code = 'W1'"),
                   available("GIFT"));
}

/* A wave's pick tasks of a kit's components name the kit. */
static void
pick_tasks_of_components_name_their_kit(void **st)
{
  (void)st;
  api_step_ok(&srv, "POST", "/api/v1/warehouses/W1/totes",
              "{\"prefix\":\"T\",\"from\":1,\"to\":20}", 201);
  json_t *w = api_step(&srv, "POST", "/api/v1/waves",
                       "{\"warehouse\":\"W1\",\"batch_size\":50}", 201);
  json_t *lists = json_object_get(w, "picklists");
  assert_true(json_array_size(lists) >= 1);
  int named = 0, plain = 0;
  size_t i;
  json_t *l;
  json_array_foreach(lists, i, l)
  {
    char path[80];
    json_t *id = json_is_object(l) ? json_object_get(l, "id") : l;
    snprintf(path, sizeof path, "/api/v1/picklists/%lld",
             (long long)json_integer_value(id));
    json_t *pl = api_step(&srv, "GET", path, NULL, 200);
    size_t k;
    json_t *t;
    json_array_foreach(json_object_get(pl, "tasks"), k, t)
    {
      const char *kit = json_string_value(json_object_get(t, "kit"));
      const char *order = json_string_value(json_object_get(t, "order"));
      if (strcmp(order, "KIT-1") == 0) {
        assert_non_null(kit);
        assert_string_equal(kit, "GIFT");
        named++;
      } else if (strcmp(order, "MAP-1") == 0) {
        assert_null(kit);
        plain++;
      }
    }
    json_decref(pl);
  }
  json_decref(w);
  /* KIT-1's teapot and cups (the cups from two bins at most). */
  assert_true(named >= 2);
  assert_true(plain >= 1);
}

static json_t *
pick_scan(int64_t list, const char *code, int64_t qty)
{
  static int seq;
  char path[64], body[200];
  snprintf(path, sizeof path, "/api/v1/picklists/%lld/scan", (long long)list);
  if (qty > 0)
    snprintf(body, sizeof body,
             "{\"code\":\"%s\",\"qty\":%lld,\"idempotency_key\":\"kp-%d\"}",
             code, (long long)qty, ++seq);
  else
    snprintf(body, sizeof body,
             "{\"code\":\"%s\",\"idempotency_key\":\"kp-%d\"}", code, ++seq);
  return api_step(&srv, "POST", path, body, 200);
}

/* Walks every open list of W1 to its end; returns the tote KIT-1 went to. */
static void
pick_every_list(char *kit_tote, size_t len)
{
  kit_tote[0] = '\0';
  for (;;) {
    json_t *v = api_step(&srv, "POST", "/api/v1/picklists/next",
                         "{\"warehouse\":\"W1\"}", 200);
    const char *action = json_string_value(json_object_get(v, "action"));
    if (strcmp(action, "none") == 0) {
      json_decref(v);
      return;
    }
    int64_t list = json_integer_value(json_object_get(v, "picklist"));
    while (strcmp(action, "done") != 0) {
      json_t *task = json_object_get(v, "task");
      const char *code = json_string_value(json_object_get(task, "bin"));
      int64_t qty = 0;
      if (strcmp(action, "scan_item") == 0) {
        code = json_string_value(json_object_get(task, "sku"));
        qty = json_integer_value(json_object_get(task, "remaining"));
      } else if (strcmp(action, "scan_bin") != 0) {
        /* The order's tote once it has one, else the next empty one. */
        static int next_tote = 1;
        static char fresh[16];
        code = json_string_value(json_object_get(task, "tote"));
        if (code == NULL) {
          snprintf(fresh, sizeof fresh, "T%03d", next_tote++);
          code = fresh;
        }
        const char *order = json_string_value(json_object_get(task, "order"));
        if (order != NULL && strcmp(order, "KIT-1") == 0)
          snprintf(kit_tote, len, "%s", code);
      }
      json_t *next = pick_scan(list, code, qty);
      json_decref(v);
      v = next;
      action = json_string_value(json_object_get(v, "action"));
    }
    json_decref(v);
  }
}

static void
a_kit_is_picked_packed_and_shipped_as_its_components(void **st)
{
  (void)st;
  int64_t pots = sql_int("SELECT coalesce(sum(on_hand), 0) FROM stock_quant"
                         " WHERE sku_id = (SELECT id FROM sku"
                         " WHERE code = 'POT')");
  char tote[32];
  pick_every_list(tote, sizeof tote);
  assert_true(tote[0] != '\0');
  /* Packing shows the kit's components, each scanned by its own code. */
  api_step_ok(&srv, "POST", "/api/v1/carriers",
              "{\"code\":\"EXP\",\"name\":\"Express\",\"transit_days\":2,"
              "\"tracking\":{\"prefix\":\"EX\",\"digits\":9,"
              "\"check_digit\":\"mod10\",\"first\":1,\"last\":500},"
              "\"rates\":[{\"zone\":\"domestic\",\"max_weight_g\":30000,"
              "\"price\":\"15.00\"}]}",
              201);
  api_step_ok(&srv, "POST", "/api/v1/carton-types",
              "{\"code\":\"BOX-K\",\"name\":\"gift\",\"tare_g\":100}", 201);
  char body[200], path[96];
  snprintf(body, sizeof body, "{\"code\":\"%s\"}", tote);
  json_t *sh = api_step(&srv, "POST", "/api/v1/packing/open", body, 201);
  int64_t ship = json_integer_value(json_object_get(sh, "id"));
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/cartons",
           (long long)ship);
  json_t *c = api_step(&srv, "POST", path, "{\"carton_type\":\"BOX-K\"}", 201);
  int64_t cid = json_integer_value(
      json_object_get(json_array_get(json_object_get(c, "cartons"), 0), "id"));
  json_decref(c);
  size_t i;
  json_t *item;
  int components = 0;
  json_array_foreach(json_object_get(sh, "items"), i, item)
  {
    const char *sku = json_string_value(json_object_get(item, "sku"));
    assert_true(strcmp(sku, "GIFT") != 0); /* never the kit itself */
    components++;
    snprintf(path, sizeof path, "/api/v1/cartons/%lld/scan", (long long)cid);
    snprintf(body, sizeof body, "{\"code\":\"%s\",\"qty\":%lld}", sku,
             (long long)json_integer_value(json_object_get(item, "remaining")));
    api_step_ok(&srv, "POST", path, body, 200);
  }
  json_decref(sh);
  assert_int_equal(components, 2); /* the teapot and the cups */
  /* No weights on file: the scale expects the carton's tare. */
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/close", (long long)cid);
  api_step_ok(&srv, "POST", path, "{\"weight_g\":100}", 200);
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/ship", (long long)ship);
  json_t *s = api_step(&srv, "POST", path, NULL, 200);
  assert_string_equal(json_string_value(json_object_get(s, "state")),
                      "shipped");
  json_decref(s);
  /* The kit order shipped; its teapot left the ledger, the kit never had
   * stock of its own. */
  json_t *o = api_step(&srv, "GET", "/api/v1/orders?q=KIT-1", NULL, 200);
  json_t *first = json_array_get(json_object_get(o, "items"), 0);
  assert_string_equal(state_of(first), "shipped");
  json_decref(o);
  assert_true(sql_int("SELECT coalesce(sum(on_hand), 0) FROM stock_quant"
                      " WHERE sku_id = (SELECT id FROM sku"
                      " WHERE code = 'POT')") < pots);
  assert_int_equal(sql_int("SELECT count(*) FROM stock_quant q JOIN sku s"
                           " ON s.id = q.sku_id WHERE s.kind = 'kit'"),
                   0);
}

static void
a_kit_takes_no_stock_of_its_own(void **st)
{
  (void)st;
  int64_t moves = sql_int("SELECT count(*) FROM stock_move");
  json_t *r = api_step(&srv, "POST", "/api/v1/stock/adjustments",
                       "{\"warehouse\":\"W1\",\"bin\":\"P-3\","
                       "\"sku\":\"GIFT\",\"qty_delta\":1}",
                       422);
  assert_string_equal(api_json_error_code(r), "kit_not_stocked");
  json_decref(r);
  /* Nothing was written: no move, no quant of the kit. */
  assert_int_equal(sql_int("SELECT count(*) FROM stock_move"), moves);
  assert_int_equal(sql_int("SELECT count(*) FROM stock_quant q JOIN sku s"
                           " ON s.id = q.sku_id WHERE s.code = 'GIFT'"),
                   0);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(
          kits_are_made_of_plain_skus_and_offer_what_their_components_make),
      cmocka_unit_test(
          a_kit_line_reserves_its_components_and_splits_its_revenue),
      cmocka_unit_test(
          twenty_orders_for_the_last_kit_never_oversell_a_component),
      cmocka_unit_test(platform_codes_resolve_through_the_store_map),
      cmocka_unit_test(an_unmapped_code_holds_and_the_fix_saves_the_mapping),
      cmocka_unit_test(the_stock_sync_pushes_a_kit_when_a_component_changes),
      cmocka_unit_test(pick_tasks_of_components_name_their_kit),
      cmocka_unit_test(a_kit_is_picked_packed_and_shipped_as_its_components),
      cmocka_unit_test(a_kit_takes_no_stock_of_its_own),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
