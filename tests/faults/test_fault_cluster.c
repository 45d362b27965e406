/*
 * The scale-out proof (issue 25 item 5, first test): `depot cluster up` on
 * a data dir of its own (the embedded primary, a streaming replica, two
 * `depot serve` nodes and HAProxy on loopback), handhelds picking by scan
 * through HAProxy, one node killed -9 mid-load. The handhelds resend a scan
 * that got no answer (or HAProxy's 502/504: the node died with it) with its
 * idempotency key until answered. Then every acknowledged scan is stored
 * exactly once and replays the same, every unanswered one re-sent moves
 * nothing twice, pick moves equal task progress, `depot check stock`
 * holds, the replica has streamed the same scans. Then the primary is
 * stopped and `depot db promote` makes the replica the primary: the node
 * left reconnects without a restart and nothing acknowledged is missing.
 * `depot cluster down` stops everything. FAULT_HANDHELDS and FAULT_LOAD_MS
 * size it.
 */
#include "fault_load.h"

#include <libpq-fe.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

static struct api_server via; /* HAProxy: every call goes through it */
static int handhelds = 64, load_ms = 1500;
static struct fault_handheld *units;
static atomic_int saw_503, bad_503;
static char data_dir[512], env_dir[600], conninfo[1024];
static time_t t0; /* the test's start: each phase's time is printed */

/* Whether 127.0.0.1:@a port is free to listen on. */
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
  for (unsigned p = 20000 + (unsigned)getpid() % 20000; p < 60000; p += 7)
    if (port_free(p) && port_free(p + 1) && port_free(p + 2))
      return p;
  return 0;
}

static int
depot(const char *const *args, char *out, size_t len)
{
  const char *env[] = {env_dir, "DEPOT_LOG_LEVEL=warn", NULL};
  return api_run_depot(args, env, out, len);
}

/* The primary's connection string (unix socket, port 5432). */
static bool
read_conninfo(void)
{
  char sock[512];
  if (!api_sockdir(data_dir, sock, sizeof sock))
    return false;
  snprintf(conninfo, sizeof conninfo,
           "host='%s' port=5432 dbname=depot user=depot", sock);
  return true;
}

/* One integer from the database on socket port @a port of the cluster. */
static long long
count_on(int port, const char *sql)
{
  char ci[1100];
  snprintf(ci, sizeof ci, "%.*s port=%d dbname=depot user=depot",
           (int)(strstr(conninfo, " port=") - conninfo), conninfo, port);
  PGconn *pg = PQconnectdb(ci);
  PGresult *r = PQexec(pg, sql);
  long long v = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1
                    ? atoll(PQgetvalue(r, 0, 0))
                    : -1;
  if (v < 0)
    fprintf(stderr, "%s: %s", sql, PQerrorMessage(pg));
  PQclear(r);
  PQfinish(pg);
  return v;
}

/* Logs handhelds in, a slice each (pthread start routine). */
static void *
log_in(void *cls)
{
  intptr_t first = (intptr_t)cls;
  for (intptr_t i = first; i < handhelds; i += 8) {
    char name[16];
    snprintf(name, sizeof name, "h%02d", (int)i);
    units[i].who = via;
    units[i].index = (int)i;
    if (api_login(&via, name, "correct horse 42", units[i].who.token, NULL) !=
        200)
      units[i].index = -1;
  }
  return NULL;
}

/*
 * The pickers h00…: one made by `depot user add`, the others copies of it
 * in SQL (one argon2 hash, not one per handheld: this test is about the
 * nodes, and 64 hashes take a minute on a busy machine), logged in eight
 * at a time through HAProxy.
 */
static bool
add_handhelds(void)
{
  char out[1024];
  const char *env[] = {env_dir, "DEPOT_LOG_LEVEL=warn", NULL};
  const char *args[] = {
      "user",        "add", "--username",       "h00", "--role", "picker",
      "--warehouse", "F1",  "--password-stdin", NULL};
  if (api_run_depot_input(args, env, "correct horse 42\n", out, sizeof out) !=
      0)
    return false;
  char sql[600];
  snprintf(sql, sizeof sql,
           "WITH u AS (INSERT INTO app_user (username, role, password_hash)"
           " SELECT 'h' || lpad(g::text, 2, '0'), role, password_hash"
           " FROM app_user, generate_series(1, %d) g WHERE username = 'h00'"
           " RETURNING id), w AS (INSERT INTO app_user_warehouse"
           " SELECT id, 'F1' FROM u RETURNING 1) SELECT count(*) FROM w",
           handhelds - 1);
  if (count_on(5432, sql) != handhelds - 1)
    return false;
  pthread_t t[8];
  for (intptr_t i = 0; i < 8; i++)
    pthread_create(&t[i], NULL, log_in, (void *)i);
  for (int i = 0; i < 8; i++)
    pthread_join(t[i], NULL);
  for (int i = 0; i < handhelds; i++)
    if (units[i].index != i)
      return false;
  return true;
}

static int
setup(void **state)
{
  if (getenv("FAULT_HANDHELDS") != NULL)
    handhelds = atoi(getenv("FAULT_HANDHELDS"));
  if (getenv("FAULT_LOAD_MS") != NULL)
    load_ms = atoi(getenv("FAULT_LOAD_MS"));
  if (handhelds < 1 || handhelds > FAULT_MAX_HANDHELDS || load_ms < 100)
    return -1;
  t0 = time(NULL);
  snprintf(data_dir, sizeof data_dir, "%s/fault-cluster",
           getenv("DEPOT_TEST_TMP") ? getenv("DEPOT_TEST_TMP") : "/tmp");
  char cmd[600], out[4096], port[16];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", data_dir);
  if (system(cmd) != 0)
    return -1;
  snprintf(env_dir, sizeof env_dir, "DEPOT_DATA_DIR=%s", data_dir);
  /* The admin first (it migrates the schema), then the cluster. */
  const char *env[] = {env_dir, "DEPOT_LOG_LEVEL=warn", NULL};
  const char *add[] = {"user",   "add",   "--username",       API_ADMIN_USER,
                       "--role", "admin", "--password-stdin", NULL};
  if (api_run_depot_input(add, env, API_ADMIN_PASSWORD "\n", out, sizeof out) !=
      0)
    return -1;
  via.port = free_ports();
  snprintf(port, sizeof port, "%u", via.port);
  const char *up[] = {"cluster", "up", "--port", port, NULL};
  if (via.port == 0 || depot(up, out, sizeof out) != 0) {
    fprintf(stderr, "cluster up: %s\n", out);
    return -1;
  }
  if (!read_conninfo() || api_login(&via, API_ADMIN_USER, API_ADMIN_PASSWORD,
                                    via.token, NULL) != 200)
    return -1;
  units = calloc((size_t)handhelds, sizeof *units);
  if (units == NULL)
    return -1;
  fprintf(stderr, "cluster up after %ld s\n", (long)(time(NULL) - t0));
  fault_setup(&via, handhelds * 3);
  fprintf(stderr, "business after %ld s\n", (long)(time(NULL) - t0));
  if (!add_handhelds())
    return -1;
  fprintf(stderr, "handhelds after %ld s\n", (long)(time(NULL) - t0));
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
  char out[4096];
  const char *down[] = {"cluster", "down", NULL};
  int rc = depot(down, out, sizeof out);
  const char *status[] = {"cluster", "status", NULL};
  int st = depot(status, out, sizeof out);
  /* Everything stopped: no part answers (exit 3), nothing runs. */
  if (st != 3 || strstr(out, "ready") != NULL ||
      strstr(out, "running") != NULL) {
    fprintf(stderr, "after cluster down: %s\n", out);
    return -1;
  }
  return rc == 0 ? 0 : -1;
}

/* The pid of node @a i, from its pid file. */
static pid_t
node_pid(int i)
{
  char path[600];
  snprintf(path, sizeof path, "%s/cluster/node-%d.pid", data_dir, i);
  FILE *f = fopen(path, "r");
  long pid = 0;
  if (f != NULL) {
    if (fscanf(f, "%ld", &pid) != 1)
      pid = 0;
    fclose(f);
  }
  return (pid_t)pid;
}

static void
node_killed_under_load_loses_and_doubles_nothing(void **state)
{
  pthread_t t[FAULT_MAX_HANDHELDS];
  for (int i = 0; i < handhelds; i++)
    pthread_create(&t[i], NULL, fault_run, &units[i]);
  usleep((useconds_t)load_ms * 1000);
  pid_t victim = node_pid(1);
  assert_true(victim > 0);
  assert_int_equal(kill(victim, SIGKILL), 0);
  for (int i = 0; i < handhelds; i++)
    pthread_join(t[i], NULL);
  fprintf(stderr, "load done after %ld s\n", (long)(time(NULL) - t0));
  int acked, lost, resends = 0;
  for (int i = 0; i < handhelds; i++)
    resends += units[i].resends;
  fault_check(conninfo, units, handhelds, &acked, &lost);
  fprintf(stderr, "checked after %ld s\n", (long)(time(NULL) - t0));
  fprintf(stderr,
          "cluster: %d handhelds through HAProxy, node 1 killed after %d ms;"
          " %d scans acknowledged (%d resends with the same key on the way),"
          " %d without a reply (re-sent now)\n",
          handhelds, load_ms, acked, resends, lost);
  assert_true(acked > handhelds);
  assert_int_equal(atomic_load(&bad_503), 0);
  const char *check[] = {"check", "stock", NULL};
  char out[4096];
  assert_int_equal(depot(check, out, sizeof out), 0);
  /* The replica streamed every stored scan (it replays within seconds). */
  long long primary = count_on(5432, "SELECT count(*) FROM floor_scan");
  long long replica = -1;
  for (int i = 0; i < 100 && replica != primary; i++) {
    replica = count_on(5433, "SELECT count(*) FROM floor_scan");
    if (replica != primary)
      usleep(100000);
  }
  assert_true(primary > 0);
  assert_int_equal(replica, primary);
}

/*
 * The primary lost after the load (stopped), the replica promoted: the
 * surviving node reconnects to it without a restart (its connection string
 * lists both, read-write wanted), every scan is there and replays the
 * same, new writes go through, and the old primary refuses to start.
 */
static void
promoted_replica_takes_over(void **state)
{
  long long scans = count_on(5432, "SELECT count(*) FROM floor_scan");
  assert_true(scans > 0);
  char out[4096];
  const char *stop[] = {"db", "stop", NULL};
  assert_int_equal(depot(stop, out, sizeof out), 0);
  const char *promote[] = {"db", "promote", NULL};
  assert_int_equal(depot(promote, out, sizeof out), 0);
  long status = 0;
  for (int i = 0; i < 300 && status != 200; i++) {
    struct api_reply r;
    status = api_json(&via, "GET", "/readyz", NULL, &r) ? r.status : 0;
    api_reply_clear(&r);
    if (status != 200)
      usleep(100000);
  }
  assert_int_equal(status, 200);
  assert_int_equal(
      count_on(5433, "SELECT CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END"),
      0);
  assert_int_equal(count_on(5433, "SELECT count(*) FROM floor_scan"), scans);
  /* An acknowledged scan replays the same from the new primary. */
  struct fault_sent *s = NULL;
  for (int j = 0; j < units[0].n && s == NULL; j++)
    if (units[0].scans[j].status == 200)
      s = &units[0].scans[j];
  assert_non_null(s);
  struct api_reply r;
  assert_true(api_json(&units[0].who, "POST", s->path, s->body, &r));
  assert_int_equal(r.status, 200);
  json_t *first = json_loads(s->reply, 0, NULL);
  assert_true(json_equal(first, r.json));
  json_decref(first);
  api_reply_clear(&r);
  /* A write: a new session. */
  char token[80];
  assert_int_equal(
      api_login(&via, API_ADMIN_USER, API_ADMIN_PASSWORD, token, NULL), 200);
  const char *start[] = {"db", "start", NULL};
  assert_int_not_equal(depot(start, out, sizeof out), 0);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(node_killed_under_load_loses_and_doubles_nothing),
      cmocka_unit_test(promoted_replica_takes_over),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
