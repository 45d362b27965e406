/*
 * When PostgreSQL goes away the server answers 503 in the error shape,
 * and the same process serves again once the database is back.
 */
#include "api_harness.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static struct api_server srv;
static char env_dir[600];

static int
setup(void **state)
{
  if (!api_server_start(&srv, "db_outage", true, NULL))
    return -1;
  snprintf(env_dir, sizeof env_dir, "DEPOT_DATA_DIR=%s", srv.data_dir);
  return 0;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

static long
status_of(const char *method, const char *path, const char *body, char *code,
          size_t code_len)
{
  struct api_reply r;
  assert_true(api_json(&srv, method, path, body, &r));
  long st = r.status;
  if (code != NULL)
    snprintf(code, code_len, "%s", api_error_code(&r));
  api_reply_clear(&r);
  return st;
}

static void
db(const char *verb)
{
  assert_int_equal(api_db_ctl(&srv, verb), 0);
}

static void
stopped_database_gives_503_then_recovers_without_restart(void **state)
{
  char code[64];
  assert_int_equal(status_of("POST", "/api/v1/warehouses",
                             "{\"code\":\"W1\",\"name\":\"before\"}", NULL, 0),
                   201);
  db("stop");
  assert_int_equal(status_of("GET", "/readyz", NULL, code, sizeof code), 503);
  assert_string_equal(code, "database_unavailable");
  assert_int_equal(
      status_of("GET", "/api/v1/warehouses", NULL, code, sizeof code), 503);
  assert_string_equal(code, "database_unavailable");
  struct api_reply r;
  assert_true(api_json(&srv, "POST", "/api/v1/warehouses",
                       "{\"code\":\"W2\",\"name\":\"during\"}", &r));
  assert_int_equal(r.status, 503);
  /* A 503 says when to come back. */
  assert_true(strtol(r.retry_after, NULL, 10) > 0);
  char refused_rid[80];
  snprintf(refused_rid, sizeof refused_rid, "%s", r.request_id);
  api_reply_clear(&r);
  assert_int_equal(status_of("GET", "/healthz", NULL, NULL, 0), 200);
  db("start");
  long st = 0;
  for (int i = 0; i < 100 && st != 200; i++) {
    st = status_of("GET", "/readyz", NULL, NULL, 0);
    if (st != 200)
      usleep(100000);
  }
  assert_int_equal(st, 200);
  assert_int_equal(kill(srv.pid, 0), 0);
  assert_int_equal(status_of("GET", "/api/v1/warehouses/W1", NULL, NULL, 0),
                   200);
  /* The write refused during the outage left nothing behind. */
  assert_int_equal(status_of("GET", "/api/v1/warehouses/W2", NULL, NULL, 0),
                   404);
  assert_int_equal(status_of("POST", "/api/v1/warehouses",
                             "{\"code\":\"W3\",\"name\":\"after\"}", NULL, 0),
                   201);
  /* The refused write's audit row was kept and written once the
   * database came back, before the later one. */
  json_t *a = api_expect(&srv, "GET", "/api/v1/audit?outcome=error&limit=50",
                         NULL, 200);
  assert_non_null(a);
  bool found = false;
  size_t i;
  json_t *it;
  json_array_foreach(json_object_get(a, "items"), i, it)
  {
    const char *rid = json_string_value(json_object_get(it, "request_id"));
    if (rid != NULL && strcmp(rid, refused_rid) == 0) {
      found = true;
      assert_int_equal(json_integer_value(json_object_get(it, "status")), 503);
    }
  }
  if (!found)
    fail_msg("no audit row for the refused request %s: %s", refused_rid,
             json_dumps(a, 0));
  json_decref(a);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(
          stopped_database_gives_503_then_recovers_without_restart),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
