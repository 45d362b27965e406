/*
 * The back-office dashboard (GET /api/v1/dashboard): its running tallies
 * agree with the orders themselves after racing intakes and cancels, sales
 * count what was sold and drop what was cancelled, late orders are the
 * open ones past their store's promise, and the receiving backlog and
 * low-stock alerts follow purchasing and planning.
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
#include <libpq-fe.h>

#include "api_steps.h"

enum { RACERS = 16, EACH = 10 };

static struct api_server srv;
static PGconn *pg;

static int
setup(void **state)
{
  if (!api_server_start(&srv, "api_dashboard", false, NULL))
    return -1;
  pg = PQconnectdb(srv.database_url);
  if (PQstatus(pg) != CONNECTION_OK)
    return -1;
  api_step_ok(&srv, "POST", "/api/v1/warehouses",
              "{\"code\":\"DB1\",\"name\":\"d\",\"bin_managed\":false}", 201);
  api_step_ok(&srv, "POST", "/api/v1/warehouses",
              "{\"code\":\"DB2\",\"name\":\"e\",\"bin_managed\":false}", 201);
  api_step_ok(&srv, "POST", "/api/v1/products",
              "{\"sku\":\"DASH-1\",\"name\":\"cup\"}", 201);
  api_step_ok(&srv, "POST", "/api/v1/stock/adjustments",
              "{\"warehouse\":\"DB1\",\"sku\":\"DASH-1\",\"qty_delta\":1000}",
              201);
  api_step_ok(&srv, "POST", "/api/v1/stores",
              "{\"code\":\"DS1\",\"name\":\"shop one\",\"channel\":\"api\","
              "\"warehouse\":\"DB1\",\"currency\":\"CNY\"}",
              201);
  api_step_ok(&srv, "POST", "/api/v1/stores",
              "{\"code\":\"DS2\",\"name\":\"shop two\",\"channel\":\"api\","
              "\"warehouse\":\"DB2\",\"currency\":\"CNY\","
              "\"ship_within_hours\":2}",
              201);
  return 0;
}

static int
teardown(void **state)
{
  PQfinish(pg);
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

/* The one integer @a sql (in) answers. */
static int64_t
sql_int(const char *sql)
{
  PGresult *r = PQexec(pg, sql);
  assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
  int64_t v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
  PQclear(r);
  return v;
}

static void
sql_run(const char *sql)
{
  PGresult *r = PQexec(pg, sql);
  assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
  PQclear(r);
}

/* POSTs an order of two DASH-1 at 10.00 plus 5.00 shipping and no total;
 * returns its id. */
static int64_t
order(const struct api_server *s, const char *store, const char *ext)
{
  char body[600];
  snprintf(body, sizeof body,
           "{\"store\":\"%s\",\"external_id\":\"%s\",\"currency\":\"CNY\","
           "\"shipping_amount\":\"5.00\",\"ship_to\":{\"name\":\"李四\","
           "\"line1\":\"天元区 1 号\",\"city\":\"株洲市\",\"country_code\":"
           "\"CN\"},\"lines\":[{\"sku\":\"DASH-1\",\"qty\":2,\"unit_price\":"
           "\"10.00\"}]}",
           store, ext);
  json_t *o = api_step(s, "POST", "/api/v1/orders", body, 201);
  int64_t id = json_integer_value(json_object_get(o, "id"));
  json_decref(o);
  return id;
}

static void
cancel(const struct api_server *s, int64_t id)
{
  char path[64];
  snprintf(path, sizeof path, "/api/v1/orders/%lld/cancel", (long long)id);
  api_step_ok(s, "POST", path, NULL, 200);
}

struct racer {
  pthread_barrier_t *start;
  int n;
};

/* Ten orders, every third cancelled at once. */
static void *
race(void *cls)
{
  struct racer *r = cls;
  pthread_barrier_wait(r->start);
  for (int i = 0; i < EACH; i++) {
    char ext[32];
    snprintf(ext, sizeof ext, "R-%d-%d", r->n, i);
    int64_t id = order(&srv, "DS1", ext);
    if (i % 3 == 0)
      cancel(&srv, id);
  }
  return NULL;
}

static int64_t
by_state(const json_t *d, const char *state)
{
  return json_integer_value(
      json_object_get(json_object_get(d, "orders_by_state"), state));
}

/* Every state's count is what the orders table holds, per warehouse and
 * in all. */
static void
assert_counts_are_true(void)
{
  static const char *const states[] = {"new",         "on_hold",   "allocated",
                                       "backordered", "picking",   "packed",
                                       "shipped",     "delivered", "cancelled"};
  json_t *all = api_step(&srv, "GET", "/api/v1/dashboard", NULL, 200);
  json_t *db1 =
      api_step(&srv, "GET", "/api/v1/dashboard?warehouse=DB1", NULL, 200);
  for (size_t i = 0; i < sizeof states / sizeof states[0]; i++) {
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM sales_order WHERE state = '%s'", states[i]);
    assert_int_equal(by_state(all, states[i]), sql_int(sql));
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM sales_order WHERE state = '%s' AND"
             " warehouse_id = (SELECT id FROM warehouse WHERE code = 'DB1')",
             states[i]);
    assert_int_equal(by_state(db1, states[i]), sql_int(sql));
  }
  assert_int_equal(json_integer_value(json_object_get(all, "orders_total")),
                   sql_int("SELECT count(*) FROM sales_order"));
  assert_int_equal(
      json_integer_value(json_object_get(all, "orders_today")),
      sql_int("SELECT count(*) FROM sales_order WHERE created_at::date ="
              " current_date"));
  json_decref(all);
  json_decref(db1);
}

static void
racing_intakes_and_cancels_keep_the_tallies_true(void **state)
{
  pthread_t t[RACERS];
  struct racer r[RACERS];
  pthread_barrier_t start;
  pthread_barrier_init(&start, NULL, RACERS);
  for (int i = 0; i < RACERS; i++) {
    r[i] = (struct racer){&start, i};
    pthread_create(&t[i], NULL, race, &r[i]);
  }
  for (int i = 0; i < RACERS; i++)
    pthread_join(t[i], NULL);
  pthread_barrier_destroy(&start);
  assert_counts_are_true();
  /* Sales: 2 × 10.00 + 5.00 per order not cancelled (4 of 10 are). */
  int64_t sold = RACERS * (EACH - 4);
  json_t *d =
      api_step(&srv, "GET", "/api/v1/dashboard?warehouse=DB1", NULL, 200);
  json_t *sales = json_object_get(d, "sales");
  json_t *today = json_object_get(sales, "today");
  assert_int_equal(json_integer_value(json_object_get(today, "orders")), sold);
  json_t *cny = json_array_get(json_object_get(today, "amounts"), 0);
  char want[32];
  snprintf(want, sizeof want, "%lld.00", (long long)(sold * 25));
  assert_string_equal(json_string_value(json_object_get(cny, "currency")),
                      "CNY");
  assert_string_equal(json_string_value(json_object_get(cny, "amount")), want);
  json_t *days = json_object_get(sales, "by_day");
  assert_int_equal(json_array_size(days), 30);
  json_t *last = json_array_get(days, 29);
  assert_int_equal(json_integer_value(json_object_get(last, "orders")), sold);
  json_t *store = json_array_get(json_object_get(sales, "by_store"), 0);
  assert_string_equal(json_string_value(json_object_get(store, "store")),
                      "DS1");
  assert_int_equal(json_integer_value(json_object_get(
                       json_object_get(store, "d30"), "orders")),
                   sold);
  /* DS2 ships from DB2: not in DB1's figures. */
  assert_int_equal(json_array_size(json_object_get(sales, "by_store")), 1);
  assert_int_equal(json_integer_value(json_object_get(d, "unprocessed")), 0);
  json_decref(d);
}

static void
late_orders_are_the_open_ones_past_their_store_promise(void **state)
{
  /* DS2 promises 2 hours, DS1 the default 48: both placed 3 hours ago. */
  int64_t late = order(&srv, "DS2", "LATE-1");
  int64_t fine = order(&srv, "DS1", "FINE-1");
  char sql[200];
  snprintf(sql, sizeof sql,
           "UPDATE sales_order SET created_at = now() - interval '3 hours'"
           " WHERE id IN (%lld, %lld)",
           (long long)late, (long long)fine);
  sql_run(sql);
  json_t *d = api_step(&srv, "GET", "/api/v1/dashboard", NULL, 200);
  json_t *l = json_object_get(d, "late");
  assert_int_equal(json_integer_value(json_object_get(l, "count")), 1);
  json_t *first = json_array_get(json_object_get(l, "items"), 0);
  assert_int_equal(json_integer_value(json_object_get(first, "id")), late);
  assert_string_equal(json_string_value(json_object_get(first, "store")),
                      "DS2");
  assert_non_null(json_object_get(first, "due_at"));
  json_decref(d);
  /* A promise out of range is refused and changes nothing. */
  api_step_code(&srv, "PATCH", "/api/v1/stores/DS2",
                "{\"ship_within_hours\":0}", 422, "out_of_range");
  json_t *s = api_step(&srv, "GET", "/api/v1/stores/DS2", NULL, 200);
  assert_int_equal(json_integer_value(json_object_get(s, "ship_within_hours")),
                   2);
  json_decref(s);
  cancel(&srv, late);
  d = api_step(&srv, "GET", "/api/v1/dashboard", NULL, 200);
  assert_int_equal(
      json_integer_value(json_object_get(json_object_get(d, "late"), "count")),
      0);
  json_decref(d);
  assert_counts_are_true();
}

static void
receiving_backlog_and_low_stock_follow_purchasing_and_planning(void **state)
{
  api_step_ok(&srv, "POST", "/api/v1/suppliers",
              "{\"code\":\"DSUP\",\"name\":\"supplier\",\"skus\":[{\"sku\":"
              "\"DASH-1\",\"cost\":\"2.00\"}]}",
              201);
  json_t *po = api_step(&srv, "POST", "/api/v1/purchase-orders",
                        "{\"supplier\":\"DSUP\",\"warehouse\":\"DB1\","
                        "\"lines\":[{\"sku\":\"DASH-1\",\"qty\":30}]}",
                        201);
  int64_t id = json_integer_value(json_object_get(po, "id"));
  json_decref(po);
  json_t *d =
      api_step(&srv, "GET", "/api/v1/dashboard?warehouse=DB1", NULL, 200);
  json_t *b = json_object_get(d, "receiving_backlog");
  /* A draft is not expected at the dock yet. */
  assert_int_equal(json_integer_value(json_object_get(b, "purchase_orders")),
                   0);
  json_decref(d);
  const char *const steps[] = {"submit", "approve"};
  for (int i = 0; i < 2; i++) {
    char path[96];
    snprintf(path, sizeof path, "/api/v1/purchase-orders/%lld/%s",
             (long long)id, steps[i]);
    api_step_ok(&srv, "POST", path, NULL, 200);
  }
  api_step_ok(&srv, "PATCH", "/api/v1/products/DASH-1",
              "{\"planning\":[{\"warehouse\":\"DB1\",\"reorder_point\":"
              "5000}]}",
              200);
  d = api_step(&srv, "GET", "/api/v1/dashboard?warehouse=DB1", NULL, 200);
  b = json_object_get(d, "receiving_backlog");
  assert_int_equal(json_integer_value(json_object_get(b, "purchase_orders")),
                   1);
  assert_int_equal(json_integer_value(json_object_get(b, "units_open")), 30);
  json_t *low = json_object_get(d, "low_stock");
  assert_int_equal(json_integer_value(json_object_get(low, "count")), 1);
  json_t *item = json_array_get(json_object_get(low, "items"), 0);
  assert_string_equal(json_string_value(json_object_get(item, "sku")),
                      "DASH-1");
  assert_int_equal(json_array_size(json_object_get(d, "pick_rate")), 24);
  json_decref(d);
  /* DB2 has none of it. */
  d = api_step(&srv, "GET", "/api/v1/dashboard?warehouse=DB2", NULL, 200);
  assert_int_equal(json_integer_value(json_object_get(
                       json_object_get(d, "low_stock"), "count")),
                   0);
  assert_int_equal(json_integer_value(json_object_get(
                       json_object_get(d, "receiving_backlog"), "units_open")),
                   0);
  json_decref(d);
}

/* The open exceptions on the desk: counted per warehouse and kind; a
 * resolved one is not. */
static void
open_exceptions_are_counted_per_warehouse_and_kind(void **state)
{
  sql_run("INSERT INTO fulfil_exception (warehouse_id, kind, state)"
          " SELECT w.id, k.kind, k.state FROM warehouse w,"
          " (VALUES ('damaged', 'open'), ('damaged', 'open'),"
          "  ('short_pick', 'open'), ('short_pick', 'resolved')) k(kind, state)"
          " WHERE w.code = 'DB1'");
  sql_run("INSERT INTO fulfil_exception (warehouse_id, kind)"
          " SELECT id, 'weight_mismatch' FROM warehouse WHERE code = 'DB2'");
  json_t *d =
      api_step(&srv, "GET", "/api/v1/dashboard?warehouse=DB1", NULL, 200);
  json_t *x = json_object_get(d, "exceptions_open");
  assert_int_equal(json_integer_value(json_object_get(x, "count")), 3);
  json_t *k = json_object_get(x, "by_kind");
  assert_int_equal(json_integer_value(json_object_get(k, "damaged")), 2);
  assert_int_equal(json_integer_value(json_object_get(k, "short_pick")), 1);
  assert_null(json_object_get(k, "weight_mismatch"));
  json_decref(d);
  d = api_step(&srv, "GET", "/api/v1/dashboard", NULL, 200);
  x = json_object_get(d, "exceptions_open");
  assert_int_equal(json_integer_value(json_object_get(x, "count")), 4);
  json_decref(d);
}

/* The desk's age filter: only what was reported long enough ago, still
 * newest first and paged. */
static void
the_desk_filters_exceptions_by_age(void **state)
{
  sql_run("UPDATE fulfil_exception SET created_at = now() - interval '5 hours'"
          " WHERE id IN (SELECT min(id) FROM fulfil_exception"
          " UNION SELECT max(id) FROM fulfil_exception"
          " WHERE kind = 'short_pick')");
  json_t *l =
      api_step(&srv, "GET", "/api/v1/exceptions?warehouse=DB1&min_age_hours=4",
               NULL, 200);
  json_t *items = json_object_get(l, "items");
  assert_int_equal(json_array_size(items), 2);
  int64_t first =
      json_integer_value(json_object_get(json_array_get(items, 0), "id"));
  assert_true(first > json_integer_value(
                          json_object_get(json_array_get(items, 1), "id")));
  json_decref(l);
  l = api_step(&srv, "GET",
               "/api/v1/exceptions?warehouse=DB1&min_age_hours=4&state=open"
               "&kind=damaged",
               NULL, 200);
  assert_int_equal(json_array_size(json_object_get(l, "items")), 1);
  json_decref(l);
  l = api_step(&srv, "GET", "/api/v1/exceptions?min_age_hours=6", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(l, "items")), 0);
  json_decref(l);
  l = api_step(&srv, "GET", "/api/v1/exceptions?warehouse=DB1&min_age_hours=0",
               NULL, 200);
  assert_int_equal(json_array_size(json_object_get(l, "items")), 4);
  json_decref(l);
  api_step_code(&srv, "GET", "/api/v1/exceptions?min_age_hours=-1", NULL, 400,
                "bad_query_param");
}

/* A read stopped by the statement timeout (here: behind a table lock) is
 * a busy database, answered 503 in the error shape, not a server error. */
static void
a_read_behind_a_lock_is_busy_not_an_error(void **state)
{
  /* A server of its own: a short timeout would fail the racing tests on a
   * loaded machine. */
  static const char *const env[] = {"DEPOT_STATEMENT_TIMEOUT_MS=1000", NULL};
  struct api_server slow;
  assert_true(api_server_start(&slow, "api_dashboard_lock", false, env));
  PGconn *lock = PQconnectdb(slow.database_url);
  assert_int_equal(PQstatus(lock), CONNECTION_OK);
  PQclear(PQexec(lock, "BEGIN"));
  PGresult *r = PQexec(lock, "LOCK TABLE sales_order IN ACCESS EXCLUSIVE MODE");
  assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
  PQclear(r);
  api_step_code(&slow, "GET", "/api/v1/dashboard", NULL, 503, "database_busy");
  PQclear(PQexec(lock, "ROLLBACK"));
  PQfinish(lock);
  api_step_ok(&slow, "GET", "/api/v1/dashboard", NULL, 200);
  assert_int_equal(api_server_stop(&slow), 0);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(racing_intakes_and_cancels_keep_the_tallies_true),
      cmocka_unit_test(late_orders_are_the_open_ones_past_their_store_promise),
      cmocka_unit_test(
          receiving_backlog_and_low_stock_follow_purchasing_and_planning),
      cmocka_unit_test(a_read_behind_a_lock_is_busy_not_an_error),
      cmocka_unit_test(open_exceptions_are_counted_per_warehouse_and_kind),
      cmocka_unit_test(the_desk_filters_exceptions_by_age),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
