/*
 * The database restarts under a scan load: while it is down every request
 * gets 503 in the error shape, the server comes back by itself, and the
 * handhelds, which resend each unanswered scan with its key, end with
 * every scan applied exactly once and the ledger adding up.
 */
#include "fault_load.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static struct api_server srv;
static int handhelds = 8;
static struct fault_handheld *units;
static atomic_int saw_503, bad_503;
static char env_dir[600], conninfo[700];

static void
db(const char *verb)
{
  assert_int_equal(api_db_ctl(&srv, verb), 0);
}

static int
setup(void **state)
{
  if (getenv("FAULT_HANDHELDS") != NULL)
    handhelds = atoi(getenv("FAULT_HANDHELDS"));
  if (handhelds < 1 || handhelds > FAULT_MAX_HANDHELDS)
    return -1;
  /* Its own cluster: stopping the shared one would stop other tests. */
  if (!api_server_start(&srv, "fault_db_restart", true, NULL))
    return -1;
  snprintf(env_dir, sizeof env_dir, "DEPOT_DATA_DIR=%s", srv.data_dir);
  char sock[512];
  if (!api_sockdir(srv.data_dir, sock, sizeof sock))
    return -1;
  snprintf(conninfo, sizeof conninfo,
           "host=%s port=5432 dbname=depot user=depot", sock);
  units = calloc((size_t)handhelds, sizeof *units);
  if (units == NULL)
    return -1;
  fault_setup(&srv, handhelds * 40);
  fault_add_handhelds(&srv, env_dir, handhelds, units);
  for (int i = 0; i < handhelds; i++) {
    units[i].retry = true;
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
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

/* Scans sent so far (a racy read, only to pace the test). */
static int
scans_sent(void)
{
  int n = 0;
  for (int i = 0; i < handhelds; i++)
    n += __atomic_load_n(&units[i].n, __ATOMIC_RELAXED);
  return n;
}

static void
scans_survive_a_database_restart_exactly_once(void **state)
{
  pthread_t t[FAULT_MAX_HANDHELDS];
  for (int i = 0; i < handhelds; i++)
    pthread_create(&t[i], NULL, fault_run, &units[i]);
  /* Stop the database once the load is under way, whatever the speed. */
  for (int waited = 0; waited < 10000 && scans_sent() < 100; waited += 20)
    usleep(20000);
  db("stop");
  usleep(1500000);
  db("start");
  for (int i = 0; i < handhelds; i++)
    pthread_join(t[i], NULL);
  assert_true(atomic_load(&saw_503) > 0);
  assert_int_equal(atomic_load(&bad_503), 0);
  int acked, lost;
  fault_check(conninfo, units, handhelds, &acked, &lost);
  fprintf(stderr,
          "fault: %d handhelds, %d scans acknowledged, %d answered "
          "503 while the database was down\n",
          handhelds, acked, atomic_load(&saw_503));
  /* Every list was finished: the retries went through once it was back. */
  for (int i = 0; i < handhelds; i++) {
    for (int j = 0; j < units[i].n; j++) {
      long st = units[i].scans[j].status;
      if (st != 200 && st != 409)
        fprintf(stderr, "scan %s answered %ld\n", units[i].scans[j].body, st);
      assert_true(st == 200 || st == 409);
    }
  }
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(scans_survive_a_database_restart_exactly_once),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
