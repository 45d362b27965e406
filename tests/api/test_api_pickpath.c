/*
 * Warehouse geometry, pick routing and slotting (issue 24 items 4-6)
 * through the API: generated bins carry their coordinates; a zone's
 * layout is set and read back, bad layouts are refused by field; a wave
 * in a warehouse routed `optimal` walks a zigzag pick sequence as one
 * loop and reports both distances in metres; slotting ranks the SKUs by
 * their pick tasks and its accepted proposal becomes a replenishment task that
 * moves the stock next to the depot; another warehouse's lead is refused.
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
static int next_order = 1;

#define LAYOUT                                                                 \
  "{\"zone\":\"P\",\"aisle_spacing_m\":3,\"aisle_length_m\":10,"               \
  "\"bay_width_m\":2,\"cross_back\":true,\"depot_x_m\":0,"                     \
  "\"depot_offset_m\":0,\"golden_level_min\":1,\"golden_level_max\":2}"

static int64_t
sql_int(const char *sql)
{
  char out[64];
  assert_true(api_sql_text(&srv, sql, out, sizeof out));
  return strtoll(out, NULL, 10);
}

static void
stock(const char *sku, const char *bin, int qty)
{
  char body[300];
  snprintf(body, sizeof body,
           "{\"sku\":\"%s\",\"name\":\"%s\",\"list_price\":\"9.90\"}", sku,
           sku);
  api_step_ok(&srv, "POST", "/api/v1/products", body, 201);
  snprintf(body, sizeof body,
           "{\"warehouse\":\"W1\",\"bin\":\"%s\",\"sku\":\"%s\","
           "\"qty_delta\":%d}",
           bin, sku, qty);
  api_step_ok(&srv, "POST", "/api/v1/stock/adjustments", body, 201);
}

static int
setup(void **state)
{
  (void)state;
  if (!api_server_start(&srv, "api_pickpath", false, NULL))
    return -1;
  api_step_ok(&srv, "POST", "/api/v1/warehouses",
              "{\"code\":\"W1\",\"name\":\"w\"}", 201);
  api_step_ok(&srv, "POST", "/api/v1/warehouses",
              "{\"code\":\"W2\",\"name\":\"other\"}", 201);
  api_step_ok(&srv, "POST", "/api/v1/warehouses/W1/zones",
              "{\"code\":\"P\",\"type\":\"pick\"}", 201);
  api_step_ok(&srv, "POST", "/api/v1/warehouses/W1/bins/generate",
              "{\"zone\":\"P\",\"aisles\":\"A-C\",\"racks\":\"1-5\","
              "\"levels\":\"1-2\",\"pattern\":\"{aisle}-{rack:02}-{level}\"}",
              201);
  api_step_ok(&srv, "POST", "/api/v1/stores",
              "{\"code\":\"API1\",\"name\":\"shop\",\"channel\":\"api\","
              "\"warehouse\":\"W1\",\"currency\":\"CNY\"}",
              201);
  /* A zigzag pick sequence: far A, far C, near A, near C. */
  stock("FAR-A", "A-05-1", 10);
  stock("FAR-C", "C-05-1", 10);
  stock("NEAR-A", "A-01-1", 10);
  stock("NEAR-C", "C-01-1", 10);
  const char *seq[] = {"A-05-1", "C-05-1", "A-01-1", "C-01-1"};
  for (int i = 0; i < 4; i++) {
    char sql[200];
    snprintf(sql, sizeof sql,
             "UPDATE location SET pick_sequence = %d WHERE code = '%s'",
             90000 + i, seq[i]);
    assert_true(api_sql_text(&srv, sql, NULL, 0));
  }
  return 0;
}

static int
teardown(void **state)
{
  (void)state;
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

static void
intake_one_of_each(void)
{
  char body[900];
  snprintf(
      body, sizeof body,
      "{\"store\":\"API1\",\"external_id\":\"PP%04d\",\"currency\":"
      "\"CNY\",\"ship_to\":{\"name\":\"周丽\",\"line1\":\"解放西路 18 号\","
      "\"city\":\"长沙市\",\"country_code\":\"CN\"},\"lines\":["
      "{\"sku\":\"FAR-A\",\"qty\":1,\"unit_price\":\"9.90\"},"
      "{\"sku\":\"FAR-C\",\"qty\":1,\"unit_price\":\"9.90\"},"
      "{\"sku\":\"NEAR-A\",\"qty\":1,\"unit_price\":\"9.90\"},"
      "{\"sku\":\"NEAR-C\",\"qty\":1,\"unit_price\":\"9.90\"}]}",
      next_order++);
  json_t *o = api_step(&srv, "POST", "/api/v1/orders", body, 201);
  assert_string_equal(json_string_value(json_object_get(o, "state")),
                      "allocated");
  json_decref(o);
}

static void
generated_bins_have_coordinates_and_layouts_round_trip(void **st)
{
  (void)st;
  assert_int_equal(sql_int("SELECT count(*) FROM location WHERE code = "
                           "'B-04-2' AND aisle_no = 2 AND rack_no = 4 "
                           "AND level_no = 2"),
                   1);
  /* A bin made on its own gets them from its code, if the code says. */
  api_step_ok(&srv, "POST", "/api/v1/warehouses/W2/zones",
              "{\"code\":\"Q\",\"type\":\"pick\"}", 201);
  api_step_ok(&srv, "POST", "/api/v1/warehouses/W2/bins",
              "{\"code\":\"C-07-2\",\"zone\":\"Q\"}", 201);
  api_step_ok(&srv, "POST", "/api/v1/warehouses/W2/bins",
              "{\"code\":\"DOCK-1\",\"zone\":\"Q\"}", 201);
  assert_int_equal(sql_int("SELECT count(*) FROM location WHERE code = "
                           "'C-07-2' AND aisle_no = 3 AND rack_no = 7 "
                           "AND level_no = 2"),
                   1);
  assert_int_equal(sql_int("SELECT count(*) FROM location WHERE code = "
                           "'DOCK-1' AND aisle_no IS NULL"),
                   1);
  json_t *l = api_step(&srv, "GET", "/api/v1/warehouses/W1/layout", NULL, 200);
  assert_string_equal(json_string_value(json_object_get(l, "routing_method")),
                      "sequence");
  json_t *z = json_array_get(json_object_get(l, "zones"), 0);
  assert_true(json_is_null(json_object_get(z, "layout")));
  assert_int_equal(json_array_size(json_object_get(z, "bays")), 15);
  assert_int_equal(json_integer_value(json_object_get(z, "bins_unplaced")), 0);
  json_decref(l);
  l = api_step(&srv, "PUT", "/api/v1/warehouses/W1/layout",
               "{\"routing_method\":\"optimal\",\"zones\":[" LAYOUT "]}", 200);
  assert_string_equal(json_string_value(json_object_get(l, "routing_method")),
                      "optimal");
  z = json_object_get(json_array_get(json_object_get(l, "zones"), 0), "layout");
  assert_true(json_is_true(json_object_get(z, "cross_back")));
  json_decref(l);
  struct api_reply r;
  assert_true(api_json(&srv, "PUT", "/api/v1/warehouses/W1/layout",
                       "{\"zones\":[{\"zone\":\"P\",\"aisle_spacing_m\":0,"
                       "\"aisle_length_m\":10,\"bay_width_m\":2}]}",
                       &r));
  assert_int_equal(r.status, 422);
  assert_string_equal(api_error_code(&r), "invalid_value");
  assert_string_equal(api_error_field(&r), "zones[0].aisle_spacing_m");
  api_reply_clear(&r);
  assert_true(api_json(&srv, "PUT", "/api/v1/warehouses/W1/layout",
                       "{\"zones\":[" LAYOUT ",{\"zone\":\"NOPE\","
                       "\"aisle_spacing_m\":3,\"aisle_length_m\":10,"
                       "\"bay_width_m\":2}]}",
                       &r));
  assert_int_equal(r.status, 422);
  assert_string_equal(api_error_code(&r), "unknown_zone");
  assert_string_equal(api_error_field(&r), "zones[1].zone");
  api_reply_clear(&r);
  api_step_code(&srv, "PUT", "/api/v1/warehouses/W1/layout",
                "{\"routing_method\":\"zigzag\"}", 422, "invalid_value");
  api_step_code(&srv, "GET", "/api/v1/warehouses/NOPE/layout", NULL, 404,
                "not_found");
}

/* The bins of list @a id in walking order, joined by spaces. */
static void
walk_of(int64_t id, char *out, size_t cap)
{
  char path[64];
  snprintf(path, sizeof path, "/api/v1/picklists/%lld", (long long)id);
  json_t *pl = api_step(&srv, "GET", path, NULL, 200);
  out[0] = '\0';
  size_t i;
  json_t *t;
  json_array_foreach(json_object_get(pl, "tasks"), i, t)
  {
    strncat(out, json_string_value(json_object_get(t, "bin")),
            cap - strlen(out) - 2);
    strncat(out, " ", cap - strlen(out) - 1);
  }
  json_decref(pl);
}

static void
a_wave_walks_the_optimal_loop_and_reports_metres(void **st)
{
  (void)st;
  intake_one_of_each();
  json_t *w = api_step(&srv, "POST", "/api/v1/waves",
                       "{\"warehouse\":\"W1\",\"batch_size\":1}", 201);
  json_t *pl = json_array_get(json_object_get(w, "picklists"), 0);
  /* Up aisle A, over the back, down aisle C, home: 1+8+8+8+7 = 32 m;
   * the zigzag sequence: 9+8+16+8+7 = 48 m. */
  assert_string_equal(json_string_value(json_object_get(pl, "routing_method")),
                      "optimal");
  assert_true(json_real_value(json_object_get(pl, "distance_m")) == 32.0 ||
              json_integer_value(json_object_get(pl, "distance_m")) == 32);
  assert_true(
      json_real_value(json_object_get(pl, "sequence_distance_m")) == 48.0 ||
      json_integer_value(json_object_get(pl, "sequence_distance_m")) == 48);
  int64_t id = json_integer_value(json_object_get(pl, "id"));
  json_decref(w);
  char walk[200];
  walk_of(id, walk, sizeof walk);
  assert_true(strcmp(walk, "A-01-1 A-05-1 C-05-1 C-01-1 ") == 0 ||
              strcmp(walk, "C-01-1 C-05-1 A-05-1 A-01-1 ") == 0);
  /* The printed list carries the walk too. */
  char pdf[80];
  snprintf(pdf, sizeof pdf, "/api/v1/picklists/%lld/picklist.pdf",
           (long long)id);
  struct api_reply r;
  assert_true(api_call(&srv, "GET", pdf, NULL, 0, NULL, NULL, &r));
  assert_int_equal(r.status, 200);
  assert_true(r.body_len > 4 && memcmp(r.body, "%PDF", 4) == 0);
  api_reply_clear(&r);
  /* By sequence, the list walks the sequence and says so. */
  api_step_ok(&srv, "PUT", "/api/v1/warehouses/W1/layout",
              "{\"routing_method\":\"sequence\"}", 200);
  intake_one_of_each();
  w = api_step(&srv, "POST", "/api/v1/waves",
               "{\"warehouse\":\"W1\",\"batch_size\":1}", 201);
  pl = json_array_get(json_object_get(w, "picklists"), 0);
  int64_t id2 = json_integer_value(json_object_get(pl, "id"));
  json_decref(w);
  walk_of(id2, walk, sizeof walk);
  assert_string_equal(walk, "A-05-1 C-05-1 A-01-1 C-01-1 ");
  char sql[160];
  snprintf(sql, sizeof sql,
           "SELECT (distance_m * 100)::int FROM picklist WHERE id = %lld",
           (long long)id2);
  assert_int_equal(sql_int(sql), 4800);
  /* One more order of FAR-C alone: it becomes the fastest mover. */
  char body[600];
  snprintf(
      body, sizeof body,
      "{\"store\":\"API1\",\"external_id\":\"PP%04d\",\"currency\":"
      "\"CNY\",\"ship_to\":{\"name\":\"周丽\",\"line1\":\"解放西路 18 号\","
      "\"city\":\"长沙市\",\"country_code\":\"CN\"},\"lines\":["
      "{\"sku\":\"FAR-C\",\"qty\":1,\"unit_price\":\"9.90\"}]}",
      next_order++);
  api_step_ok(&srv, "POST", "/api/v1/orders", body, 201);
  api_step_ok(&srv, "POST", "/api/v1/waves",
              "{\"warehouse\":\"W1\",\"batch_size\":1}", 201);
}

static void
slotting_moves_the_fast_mover_next_to_the_depot(void **st)
{
  (void)st;
  json_t *s = api_step(&srv, "GET", "/api/v1/warehouses/W1/slotting?days=30",
                       NULL, 200);
  json_t *top = json_array_get(json_object_get(s, "skus"), 0);
  assert_string_equal(json_string_value(json_object_get(top, "sku")), "FAR-C");
  assert_string_equal(json_string_value(json_object_get(top, "abc")), "A");
  json_t *p = json_array_get(json_object_get(s, "proposals"), 0);
  assert_non_null(p);
  assert_string_equal(json_string_value(json_object_get(p, "sku")), "FAR-C");
  assert_string_equal(json_string_value(json_object_get(p, "from_bin")),
                      "C-05-1");
  /* The nearest free bin: A-01-2, 1 m from the depot (A-01-1 is full). */
  assert_string_equal(json_string_value(json_object_get(p, "to_bin")),
                      "A-01-2");
  assert_true(json_number_value(json_object_get(p, "saved_m_per_day")) > 0);
  char body[400];
  snprintf(body, sizeof body,
           "{\"idempotency_key\":\"slot-1\",\"proposals\":[{\"sku\":\"FAR-C\","
           "\"from_bin\":\"C-05-1\",\"to_bin\":\"A-01-2\"}]}");
  json_decref(s);
  json_t *a = api_step(&srv, "POST", "/api/v1/warehouses/W1/slotting/accept",
                       body, 201);
  json_t *task = json_array_get(json_object_get(a, "tasks"), 0);
  assert_string_equal(json_string_value(json_object_get(task, "reason")),
                      "slotting");
  /* 10 on hand, 3 reserved by the three waved orders. */
  assert_int_equal(json_integer_value(json_object_get(task, "qty")), 7);
  int64_t tid = json_integer_value(json_object_get(task, "id"));
  json_decref(a);
  /* A retry replays; the key with another body conflicts; a new key for
   * the same target is stale (the bin is claimed). */
  api_step_ok(&srv, "POST", "/api/v1/warehouses/W1/slotting/accept", body, 200);
  api_step_code(&srv, "POST", "/api/v1/warehouses/W1/slotting/accept",
                "{\"idempotency_key\":\"slot-1\",\"proposals\":[{\"sku\":"
                "\"FAR-A\",\"from_bin\":\"A-05-1\",\"to_bin\":\"A-01-2\"}]}",
                409, "idempotency_conflict");
  api_step_code(&srv, "POST", "/api/v1/warehouses/W1/slotting/accept",
                "{\"idempotency_key\":\"slot-2\",\"proposals\":[{\"sku\":"
                "\"FAR-A\",\"from_bin\":\"A-05-1\",\"to_bin\":\"A-01-2\"}]}",
                409, "slotting_stale");
  api_step_code(&srv, "POST", "/api/v1/warehouses/W1/slotting/accept",
                "{\"proposals\":[{\"sku\":\"FAR-A\",\"from_bin\":\"A-05-1\","
                "\"to_bin\":\"ZZ-99\"}]}",
                422, "unknown_bin");
  api_step_code(&srv, "POST", "/api/v1/warehouses/W1/slotting/accept",
                "{\"proposals\":[]}", 422, "invalid_value");
  /* The floor sees the task and confirms it: the units move. */
  json_t *tasks = api_step(
      &srv, "GET", "/api/v1/warehouses/W1/replenishment-tasks", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(tasks, "items")), 1);
  json_decref(tasks);
  char path[80];
  snprintf(path, sizeof path, "/api/v1/replenishment-tasks/%lld/confirm",
           (long long)tid);
  api_step_ok(&srv, "POST", path, "{\"idempotency_key\":\"slot-move-1\"}", 200);
  assert_int_equal(sql_int("SELECT sum(q.on_hand) FROM stock_quant q JOIN"
                           " location l ON l.id = q.location_id JOIN sku s ON"
                           " s.id = q.sku_id WHERE l.code = 'A-01-2' AND"
                           " s.code = 'FAR-C'"),
                   7);
  /* A warehouse without a layout has nothing to propose. */
  api_step_code(&srv, "GET", "/api/v1/warehouses/W2/slotting", NULL, 409,
                "no_layout");
}

static void
another_warehouses_lead_is_refused(void **st)
{
  (void)st;
  assert_true(
      api_add_user(&srv, "lead2", "warehouse_lead", "W2", "correct horse 42"));
  struct api_server lead = srv;
  assert_int_equal(
      api_login(&srv, "lead2", "correct horse 42", lead.token, NULL), 200);
  api_step_code(&lead, "GET", "/api/v1/warehouses/W1/layout", NULL, 403,
                "warehouse_forbidden");
  api_step_code(&lead, "PUT", "/api/v1/warehouses/W1/layout",
                "{\"routing_method\":\"s_shape\"}", 403, "warehouse_forbidden");
  api_step_code(&lead, "GET", "/api/v1/warehouses/W1/slotting", NULL, 403,
                "warehouse_forbidden");
  api_step_code(&lead, "POST", "/api/v1/warehouses/W1/slotting/accept",
                "{\"proposals\":[{\"sku\":\"FAR-A\",\"from_bin\":\"A-05-1\","
                "\"to_bin\":\"B-01-1\"}]}",
                403, "warehouse_forbidden");
  /* Its own warehouse is fine, and W1 is untouched. */
  api_step_ok(&lead, "PUT", "/api/v1/warehouses/W2/layout",
              "{\"routing_method\":\"s_shape\"}", 200);
  assert_int_equal(sql_int("SELECT count(*) FROM warehouse WHERE code = 'W1'"
                           " AND routing_method = 'sequence'"),
                   1);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(generated_bins_have_coordinates_and_layouts_round_trip),
      cmocka_unit_test(a_wave_walks_the_optimal_loop_and_reports_metres),
      cmocka_unit_test(slotting_moves_the_fast_mover_next_to_the_depot),
      cmocka_unit_test(another_warehouses_lead_is_refused),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
