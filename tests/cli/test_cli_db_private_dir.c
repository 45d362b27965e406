/*
 * A checkout in a private directory (mode 0700, e.g. /root, with a space
 * in its path): `depot db start` with a data dir inside it must start the
 * embedded cluster, which then accepts a connection and stops. As root the
 * cluster runs as the postgres user, which cannot reach the data dir: the
 * cluster moves to a state directory of its own and says so.
 */
#include "api_harness.h"

#include <libpq-fe.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

/* Runs depot @a args with data dir @a dir; output into @a out. */
static int
depot(const char *dir, const char *const *args, char *out, size_t len)
{
  char env_dir[700];
  snprintf(env_dir, sizeof env_dir, "DEPOT_DATA_DIR=%s", dir);
  const char *env[] = {env_dir, "DEPOT_LOG_LEVEL=info", NULL};
  int rc = api_run_depot(args, env, out, len);
  if (rc != 0)
    fprintf(stderr, "depot %s %s: rc %d: %s\n", args[0], args[1], rc, out);
  return rc;
}

/* The text after @a key up to @a end in @a s, into @a out. */
static bool
between(const char *s, const char *key, char end, char *out, size_t len)
{
  const char *p = strstr(s, key);
  if (p == NULL)
    return false;
  p += strlen(key);
  const char *q = strchr(p, end);
  if (q == NULL || (size_t)(q - p) >= len)
    return false;
  memcpy(out, p, (size_t)(q - p));
  out[q - p] = '\0';
  return true;
}

static void
cluster_runs_from_a_private_directory_with_a_space(void **state)
{
  const char *tmp = getenv("DEPOT_TEST_TMP");
  assert_non_null(tmp);
  char home[512], dir[600], cmd[700];
  snprintf(home, sizeof home, "%s/private home %d", tmp, (int)getpid());
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", home);
  assert_int_equal(system(cmd), 0);
  assert_int_equal(mkdir(home, 0700), 0);
  assert_int_equal(chmod(home, 0700), 0);
  snprintf(dir, sizeof dir, "%s/depot checkout/build/test-pg", home);
  snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
  assert_int_equal(system(cmd), 0);

  static char out[1 << 14];
  const char *start[] = {"db", "start", NULL};
  assert_int_equal(depot(dir, start, out, sizeof out), 0);
  char pgdata[512], sock[512];
  assert_true(between(out, "(data ", ',', pgdata, sizeof pgdata));
  assert_true(between(out, "socket in ", ')', sock, sizeof sock));
  if (geteuid() == 0) {
    /* postgres cannot pass the 0700 directory: the cluster moved, and
       the log says where. */
    assert_non_null(strstr(out, "cannot reach"));
    assert_memory_equal(pgdata, "/var/lib/depot/", 15);
  }

  char ci[700];
  snprintf(ci, sizeof ci, "host=%s port=5432 dbname=depot user=depot", sock);
  PGconn *pg = PQconnectdb(ci);
  assert_int_equal(PQstatus(pg), CONNECTION_OK);
  PGresult *r = PQexec(pg, "SELECT 6 * 7");
  assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
  assert_string_equal(PQgetvalue(r, 0, 0), "42");
  PQclear(r);
  PQfinish(pg);

  /* The same data dir finds the same cluster: running, then stopped. */
  const char *status[] = {"db", "status", NULL};
  assert_int_equal(depot(dir, status, out, sizeof out), 0);
  assert_non_null(strstr(out, pgdata));
  const char *stop[] = {"db", "stop", NULL};
  assert_int_equal(depot(dir, stop, out, sizeof out), 0);
  assert_non_null(strstr(out, "stopped"));
  assert_int_equal(depot(dir, status, out, sizeof out), 3);

  /* Clean up: the checkout, and a relocated cluster's state directory. */
  if (strncmp(pgdata, "/var/lib/depot/", 15) == 0) {
    *strrchr(pgdata, '/') = '\0';
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", pgdata);
    assert_int_equal(system(cmd), 0);
  }
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", home);
  assert_int_equal(system(cmd), 0);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(cluster_runs_from_a_private_directory_with_a_space),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
