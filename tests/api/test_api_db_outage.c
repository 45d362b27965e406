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
  assert_int_equal(status_of("POST", "/api/v1/warehouses",
                             "{\"code\":\"W2\",\"name\":\"during\"}", code,
                             sizeof code),
                   503);
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
