/*
 * kill -9 during a scan load: handhelds pick by scan against a real server
 * that is killed mid-load and started again on the same database. Then
 * `depot check stock` passes, every scan a handheld saw acknowledged is
 * stored exactly once and replays the same, every pick move matches its
 * task (no half-done pick), and re-sending every scan lost in the crash
 * with its key moves nothing twice. FAULT_HANDHELDS and FAULT_LOAD_MS size
 * it: `make test` runs a short form, `make test-faults` the 64.
 */
#include "fault_load.h"

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

static struct api_server a, b;
static int handhelds = 16, load_ms = 1500;
static struct fault_handheld *units;
static atomic_int saw_503, bad_503;

static int
setup(void **state)
{
  if (getenv("FAULT_HANDHELDS") != NULL)
    handhelds = atoi(getenv("FAULT_HANDHELDS"));
  if (getenv("FAULT_LOAD_MS") != NULL)
    load_ms = atoi(getenv("FAULT_LOAD_MS"));
  if (handhelds < 1 || handhelds > FAULT_MAX_HANDHELDS || load_ms < 100)
    return -1;
  if (!api_server_start(&a, "fault_crash", false, NULL))
    return -1;
  units = calloc((size_t)handhelds, sizeof *units);
  if (units == NULL)
    return -1;
  fault_setup(&a, handhelds * 12);
  static char env[600];
  snprintf(env, sizeof env, "DEPOT_DATABASE_URL=%s", a.database_url);
  fault_add_handhelds(&a, env, handhelds, units);
  for (int i = 0; i < handhelds; i++) {
    units[i].saw_503 = &saw_503;
    units[i].bad_503 = &bad_503;
  }
  return 0;
}

static int
teardown(void **state)
{
  fault_clear(units, handhelds);
  free(units);
  return api_server_stop(&b) == 0 ? 0 : -1;
}

static void
restart(void)
{
  int status;
  waitpid(a.pid, &status, 0);
  a.pid = 0;
  static char env[600];
  snprintf(env, sizeof env, "DEPOT_DATABASE_URL=%s", a.database_url);
  const char *e[] = {env, NULL};
  assert_true(api_server_start(&b, "fault_crash_b", false, e));
  /* The handhelds' sessions live in the database: they carry on. */
  for (int i = 0; i < handhelds; i++)
    units[i].who.port = b.port;
}

static void
killed_mid_load_loses_and_doubles_nothing(void **state)
{
  pthread_t t[FAULT_MAX_HANDHELDS];
  for (int i = 0; i < handhelds; i++)
    pthread_create(&t[i], NULL, fault_run, &units[i]);
  usleep((useconds_t)load_ms * 1000);
  kill(a.pid, SIGKILL);
  for (int i = 0; i < handhelds; i++)
    pthread_join(t[i], NULL);
  restart();
  int acked, lost;
  fault_check(a.database_url, units, handhelds, &acked, &lost);
  fprintf(stderr,
          "fault: %d handhelds, %d scans acknowledged before the "
          "kill, %d without a reply\n",
          handhelds, acked, lost);
  assert_true(acked > handhelds);
  char env[600], out[4096];
  snprintf(env, sizeof env, "DEPOT_DATABASE_URL=%s", a.database_url);
  const char *e[] = {env, "DEPOT_LOG_LEVEL=warn", NULL};
  const char *args[] = {"check", "stock", NULL};
  assert_int_equal(api_run_depot(args, e, out, sizeof out), 0);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(killed_mid_load_loses_and_doubles_nothing),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
