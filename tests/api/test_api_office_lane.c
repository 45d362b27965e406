/*
 * The office lane (web/web_office.h, issue 26 item 1): a heavy back-office
 * request never holds the HTTP thread the floor's connections share. The
 * server runs with ONE HTTP thread; an order intake is held on a table
 * lock the test takes; while it waits, a handheld's request on another
 * connection is answered — which one HTTP thread could only do if the
 * intake ran elsewhere. The intake's database backend runs at the office
 * nice, and the intake completes once the lock goes.
 */
#include "api_harness.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>

#include "api_steps.h"

static struct api_server srv;
static PGconn *pg;

static int
setup(void **state)
{
  (void)state;
  const char *env[] = {"DEPOT_THREADS=1", "DEPOT_OFFICE_THREADS=2",
                       "DEPOT_OFFICE_NICE=7", NULL};
  if (!api_server_start(&srv, "api_office_lane", false, env))
    return -1;
  pg = PQconnectdb(srv.database_url);
  if (PQstatus(pg) != CONNECTION_OK)
    return -1;
  api_step_ok(&srv, "POST", "/api/v1/warehouses",
              "{\"code\":\"OL1\",\"name\":\"o\",\"bin_managed\":false}", 201);
  api_step_ok(&srv, "POST", "/api/v1/products",
              "{\"sku\":\"OL-1\",\"name\":\"cup\"}", 201);
  api_step_ok(&srv, "POST", "/api/v1/stock/adjustments",
              "{\"warehouse\":\"OL1\",\"sku\":\"OL-1\",\"qty_delta\":10}", 201);
  api_step_ok(&srv, "POST", "/api/v1/stores",
              "{\"code\":\"OLS\",\"name\":\"shop\",\"channel\":\"api\","
              "\"warehouse\":\"OL1\",\"currency\":\"CNY\"}",
              201);
  return 0;
}

static int
teardown(void **state)
{
  (void)state;
  PQfinish(pg);
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

static void
sql_ok(const char *sql)
{
  PGresult *r = PQexec(pg, sql);
  assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
  PQclear(r);
}

/* The first column of the first row of @a sql (in) as a number; -1: none. */
static long
sql_long(PGconn *c, const char *sql)
{
  PGresult *r = PQexec(c, sql);
  long v = -1;
  if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 &&
      !PQgetisnull(r, 0, 0))
    v = strtol(PQgetvalue(r, 0, 0), NULL, 10);
  PQclear(r);
  return v;
}

struct intake {
  long status;
  atomic_bool done;
};

static void *
post_order(void *arg)
{
  struct intake *in = arg;
  struct api_reply r;
  bool ok = api_json(
      &srv, "POST", "/api/v1/orders",
      "{\"store\":\"OLS\",\"external_id\":\"LANE-1\",\"currency\":\"CNY\","
      "\"customer\":{\"name\":\"张三\"},\"ship_to\":{\"name\":\"张三\","
      "\"line1\":\"天元区黄河南路 1 号\",\"city\":\"株洲市\",\"postcode\":"
      "\"412007\",\"country_code\":\"CN\"},\"lines\":[{\"sku\":\"OL-1\","
      "\"qty\":1,\"unit_price\":\"9.90\"}]}",
      &r);
  in->status = ok ? r.status : 0;
  if (ok && r.status / 100 != 2 && r.json != NULL) {
    char *text = json_dumps(r.json, JSON_COMPACT);
    fprintf(stderr, "intake: %ld %s\n", r.status, text);
    free(text);
  }
  api_reply_clear(&r);
  atomic_store(&in->done, true);
  return NULL;
}

/* The nice of process @a pid from /proc (field 19 of stat); -100: none. */
static int
nice_of(long pid)
{
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%ld/stat", pid);
  FILE *f = fopen(path, "r");
  if (f == NULL)
    return -100;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  const char *p = strrchr(buf, ')'); /* the name may hold spaces */
  int field = 2, nice = -100;
  for (; p != NULL && *p != '\0'; p++) {
    if (*p == ' ' && ++field == 19) {
      nice = atoi(p + 1);
      break;
    }
  }
  return nice;
}

static void
floor_is_answered_while_an_intake_waits(void **state)
{
  (void)state;
  /* Inserts into sales_order wait; reads do not. */
  sql_ok("BEGIN");
  sql_ok("LOCK TABLE sales_order IN SHARE ROW EXCLUSIVE MODE");
  struct intake in = {0};
  pthread_t t;
  assert_int_equal(pthread_create(&t, NULL, post_order, &in), 0);
  /* Until the intake's backend waits on our lock (no clock involved). */
  PGconn *watch = PQconnectdb(srv.database_url);
  assert_int_equal(PQstatus(watch), CONNECTION_OK);
  long waiter = -1;
  for (int i = 0; i < 3000 && waiter < 0 && !atomic_load(&in.done); i++) {
    waiter = sql_long(watch, "SELECT pid FROM pg_locks WHERE NOT granted "
                             "AND relation = 'sales_order'::regclass LIMIT 1");
    if (waiter < 0)
      usleep(10000);
  }
  if (waiter <= 0)
    fprintf(stderr, "intake answered %ld before waiting\n", in.status);
  assert_true(waiter > 0);
  /* One HTTP thread, and it is free: the handheld's read is answered. */
  struct api_reply me;
  assert_true(api_json(&srv, "GET", "/api/v1/auth/me", NULL, &me));
  assert_int_equal(me.status, 200);
  api_reply_clear(&me);
  assert_false(atomic_load(&in.done));
  /* The office's backend runs at DEPOT_OFFICE_NICE. */
  assert_int_equal(nice_of(waiter), 7);
  sql_ok("COMMIT");
  pthread_join(t, NULL);
  assert_int_equal(in.status, 201);
  assert_int_equal(
      sql_long(watch,
               "SELECT count(*) FROM sales_order WHERE external_id = 'LANE-1'"),
      1);
  /* The same order again (store and external id) is the same order. */
  struct intake again = {0};
  post_order(&again);
  assert_int_equal(again.status, 200);
  assert_int_equal(
      sql_long(watch,
               "SELECT count(*) FROM sales_order WHERE external_id = 'LANE-1'"),
      1);
  PQfinish(watch);
}

/* Errors decided on the lane reach the client in the one JSON shape. */
static void
refusals_from_the_lane_keep_the_error_shape(void **state)
{
  (void)state;
  api_step_code(&srv, "POST", "/api/v1/orders",
                "{\"store\":\"OLS\",\"external_id\":\"x\",\"lines\":[]}", 422,
                "invalid_value");
  api_step_code(&srv, "POST", "/api/v1/orders", "{", 400, "malformed_json");
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(floor_is_answered_while_an_intake_waits),
      cmocka_unit_test(refusals_from_the_lane_keep_the_error_shape),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
