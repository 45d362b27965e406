/*
 * Read replica with a real streaming replica (issue 25 item 2): `depot
 * cluster up` on a data dir of its own (the primary, a `pg_basebackup -R`
 * replica, two nodes given DEPOT_REPLICA_URL, HAProxy), the lag limit set
 * to 300 ms. Each node is called directly, so that a session's write on one
 * node and its next read on the other are the case read-your-writes must
 * cover. Checks: a replica-safe read goes to the replica; a write then a
 * read through the other node sees the write, on the replica while replay
 * runs and on the primary (after the bounded wait) while replay is paused;
 * with replay paused and the lag over the limit a session that wrote
 * nothing reads the primary, and the replica again once replay resumes;
 * an API key's write is read back the same way (on the primary while
 * replay is paused);
 * with the replica stopped reads are 200 from the primary and /readyz is
 * ready and says the replica is down. Where a read went is read from
 * Depot-Read-Target only: no timing assertion.
 */
#include "api_harness.h"

#include <libpq-fe.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

static struct api_server n1, n2; /* the two nodes, called directly */
static char data_dir[512], env_dir[600], sockdir[512];

static bool
port_free(unsigned port)
{
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  bool ok = bind(fd, (struct sockaddr *)&a, sizeof a) == 0;
  close(fd);
  return ok;
}

/* Three free ports in a row for HAProxy and the two nodes. */
static unsigned
free_ports(void)
{
  for (unsigned p = 21000 + (unsigned)getpid() % 20000; p < 60000; p += 11)
    if (port_free(p) && port_free(p + 1) && port_free(p + 2))
      return p;
  return 0;
}

static int
depot(const char *const *args, char *out, size_t len)
{
  const char *env[] = {env_dir, "DEPOT_LOG_LEVEL=warn",
                       "DEPOT_REPLICA_MAX_LAG_MS=300",
                       "DEPOT_REPLICA_RYW_WAIT_MS=200", NULL};
  return api_run_depot(args, env, out, len);
}

/* Runs @a sql on the cluster's server on socket port @a port; true if ok. */
static bool
sql_on(int port, const char *sql)
{
  char ci[700];
  snprintf(ci, sizeof ci, "host='%s' port=%d dbname=depot user=depot", sockdir,
           port);
  PGconn *pg = PQconnectdb(ci);
  PGresult *r = PQexec(pg, sql);
  bool ok = PQresultStatus(r) == PGRES_TUPLES_OK ||
            PQresultStatus(r) == PGRES_COMMAND_OK;
  if (!ok)
    fprintf(stderr, "%s: %s", sql, PQerrorMessage(pg));
  PQclear(r);
  PQfinish(pg);
  return ok;
}

/* The Depot-Read-Target of reply @a r into @a out; "" when absent. */
static void
target_of(const struct api_reply *r, char *out, size_t len)
{
  out[0] = '\0';
  const char *name = "Depot-Read-Target:";
  for (const char *p = r->headers; *p != '\0'; p += strcspn(p, "\n") + 1) {
    if (strncasecmp(p, name, strlen(name)) == 0) {
      const char *v = p + strlen(name);
      v += strspn(v, " ");
      snprintf(out, len, "%.*s", (int)strcspn(v, "\r\n"), v);
      return;
    }
    if (p[strcspn(p, "\n")] == '\0')
      break;
  }
}

/*
 * GET @a path on @a s: asserts 200, returns where it went into @a t and
 * whether the body holds @a needle (NULL: not asked).
 */
static bool
read_at(const struct api_server *s, const char *path, const char *needle,
        char *t, size_t len)
{
  struct api_reply r = {0};
  assert_true(api_json(s, "GET", path, NULL, &r));
  if (r.status != 200)
    fprintf(stderr, "GET %s: %ld %s\n", path, r.status, r.body);
  assert_int_equal(r.status, 200);
  target_of(&r, t, len);
  bool has = needle == NULL || strstr(r.body, needle) != NULL;
  api_reply_clear(&r);
  return has;
}

/* Reads @a path on @a s until it goes to @a want (at most ~10 s). */
static bool
until_target(const struct api_server *s, const char *path, const char *want)
{
  char t[32] = "";
  for (int i = 0; i < 100; i++) {
    read_at(s, path, NULL, t, sizeof t);
    if (strcmp(t, want) == 0)
      return true;
    usleep(100000);
  }
  fprintf(stderr, "GET %s stayed on %s, not %s\n", path, t, want);
  return false;
}

static int
setup(void **state)
{
  (void)state;
  snprintf(data_dir, sizeof data_dir, "%s/fault-replica",
           getenv("DEPOT_TEST_TMP") ? getenv("DEPOT_TEST_TMP") : "/tmp");
  char cmd[600], out[4096], port[16];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", data_dir);
  if (system(cmd) != 0)
    return -1;
  snprintf(env_dir, sizeof env_dir, "DEPOT_DATA_DIR=%s", data_dir);
  const char *env[] = {env_dir, "DEPOT_LOG_LEVEL=warn", NULL};
  const char *add[] = {"user",   "add",   "--username",       API_ADMIN_USER,
                       "--role", "admin", "--password-stdin", NULL};
  if (api_run_depot_input(add, env, API_ADMIN_PASSWORD "\n", out, sizeof out) !=
      0)
    return -1;
  unsigned p = free_ports();
  snprintf(port, sizeof port, "%u", p);
  const char *up[] = {"cluster", "up", "--port", port, NULL};
  if (p == 0 || depot(up, out, sizeof out) != 0) {
    fprintf(stderr, "cluster up: %s\n", out);
    return -1;
  }
  if (!api_sockdir(data_dir, sockdir, sizeof sockdir))
    return -1;
  n1.port = p + 1;
  n2.port = p + 2;
  if (api_login(&n1, API_ADMIN_USER, API_ADMIN_PASSWORD, n1.token, NULL) != 200)
    return -1;
  memcpy(n2.token, n1.token, sizeof n2.token); /* the same session */
  return 0;
}

static int
teardown(void **state)
{
  (void)state;
  char out[4096];
  const char *down[] = {"cluster", "down", NULL};
  return depot(down, out, sizeof out) == 0 ? 0 : -1;
}

/* Replica-safe reads go to the replica once it has caught up. */
static void
replica_serves_reads(void **state)
{
  (void)state;
  assert_true(until_target(&n1, "/api/v1/warehouses", "replica"));
  assert_true(until_target(&n2, "/api/v1/reports/inventory", "replica"));
  json_t *j = api_expect(&n2, "GET", "/readyz", NULL, 200);
  json_t *rep = json_object_get(json_object_get(j, "targets"), "replica");
  assert_string_equal(json_string_value(json_object_get(rep, "state")), "up");
  json_decref(j);
}

/* A write on node 1, read at once through node 2: the replica serves it
 * (it waited for the replay) and the write is there. */
static void
write_then_read_elsewhere_on_replica(void **state)
{
  (void)state;
  char t[32];
  json_decref(api_expect(&n1, "POST", "/api/v1/warehouses",
                         "{\"code\":\"RY1\",\"name\":\"r\"}", 201));
  assert_true(read_at(&n2, "/api/v1/warehouses", "\"RY1\"", t, sizeof t));
  assert_string_equal(t, "replica");
}

/* Replay paused: the session's write is read back through node 2 from the
 * primary after the bounded wait; another session that wrote nothing reads
 * the primary once the lag passes the limit, the replica after resume. */
static void
paused_replay_reads_the_primary(void **state)
{
  (void)state;
  char t[32];
  assert_true(sql_on(5433, "SELECT pg_wal_replay_pause()"));
  json_decref(api_expect(&n1, "POST", "/api/v1/warehouses",
                         "{\"code\":\"RY2\",\"name\":\"r\"}", 201));
  assert_true(read_at(&n2, "/api/v1/warehouses", "\"RY2\"", t, sizeof t));
  assert_string_equal(t, "primary");
  struct api_server other = n2;
  assert_int_equal(
      api_login(&n2, API_ADMIN_USER, API_ADMIN_PASSWORD, other.token, NULL),
      200);
  assert_true(until_target(&other, "/api/v1/stock", "primary"));
  json_t *j = api_expect(&other, "GET", "/readyz", NULL, 200);
  json_t *rep = json_object_get(json_object_get(j, "targets"), "replica");
  assert_string_equal(json_string_value(json_object_get(rep, "state")),
                      "lagging");
  assert_true(json_integer_value(json_object_get(rep, "lag_ms")) > 300);
  json_decref(j);
  assert_true(sql_on(5433, "SELECT pg_wal_replay_resume()"));
  assert_true(until_target(&other, "/api/v1/stock", "replica"));
  assert_true(read_at(&other, "/api/v1/warehouses", "\"RY2\"", t, sizeof t));
}

/* The same for an API key (migration 0470): with replay paused, the key's
 * write on node 1 is read back through node 2 from the primary after the
 * bounded wait; once replay resumes its reads are the replica's again. */
static void
key_write_paused_replay_reads_the_primary(void **state)
{
  (void)state;
  char out[4096], t[32];
  const char *mk[] = {"apikey",  "create",        "--name", "ryw_fault",
                      "--scope", "catalog:write", NULL};
  assert_int_equal(depot(mk, out, sizeof out), 0);
  const char *k = strstr(out, "dpk_");
  assert_non_null(k);
  struct api_server k1 = n1, k2 = n2;
  snprintf(k1.token, sizeof k1.token, "%.68s", k);
  memcpy(k2.token, k1.token, sizeof k2.token);
  assert_true(until_target(&k2, "/api/v1/products", "replica"));
  assert_true(sql_on(5433, "SELECT pg_wal_replay_pause()"));
  json_decref(api_expect(&k1, "POST", "/api/v1/products",
                         "{\"sku\":\"RYK-1\",\"name\":\"k\"}", 201));
  assert_true(
      read_at(&k2, "/api/v1/products?q=RYK-1", "\"RYK-1\"", t, sizeof t));
  assert_string_equal(t, "primary");
  assert_true(sql_on(5433, "SELECT pg_wal_replay_resume()"));
  assert_true(until_target(&k2, "/api/v1/products", "replica"));
  assert_true(
      read_at(&k2, "/api/v1/products?q=RYK-1", "\"RYK-1\"", t, sizeof t));
}

/* The replica stopped (fast shutdown of its postmaster): reads are 200
 * from the primary; the nodes stay ready. */
static void
replica_stopped_reads_the_primary(void **state)
{
  (void)state;
  char path[700];
  snprintf(path, sizeof path, "%s/.s.PGSQL.5433.lock", sockdir);
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  long pid = 0;
  assert_int_equal(fscanf(f, "%ld", &pid), 1);
  fclose(f);
  assert_int_equal(kill((pid_t)pid, SIGINT), 0);
  for (int i = 0; i < 100 && kill((pid_t)pid, 0) == 0; i++)
    usleep(100000);
  char t[32];
  for (int i = 0; i < 5; i++) {
    read_at(&n1, "/api/v1/warehouses", NULL, t, sizeof t);
    assert_string_equal(t, "primary");
    read_at(&n2, "/api/v1/stock", NULL, t, sizeof t);
    assert_string_equal(t, "primary");
  }
  json_t *j = api_expect(&n1, "GET", "/readyz", NULL, 200);
  json_t *rep = json_object_get(json_object_get(j, "targets"), "replica");
  assert_string_equal(json_string_value(json_object_get(rep, "state")), "down");
  json_decref(j);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(replica_serves_reads),
      cmocka_unit_test(write_then_read_elsewhere_on_replica),
      cmocka_unit_test(paused_replay_reads_the_primary),
      cmocka_unit_test(key_write_paused_replay_reads_the_primary),
      cmocka_unit_test(replica_stopped_reads_the_primary),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
