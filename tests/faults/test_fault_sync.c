/*
 * Synchronous replication proven by losing the primary (issue 25 item 5,
 * second test): `depot cluster up` with DEPOT_SYNC_REPLICA=on (the
 * primary's synchronous_standby_names names the replica, the nodes commit
 * with synchronous_commit = on), handhelds picking by scan through
 * HAProxy, and the primary's postmaster killed -9 mid-load: no clean stop,
 * whatever the replica had not acknowledged is gone. `depot db promote`
 * makes the replica the primary, the nodes reconnect without a restart,
 * the handhelds carry on (a scan without an answer is resent with its key
 * until answered). Then every scan whose reply was received is stored
 * exactly once on the promoted database and replays the same, resent ones
 * moved nothing twice, `depot check stock` holds there.
 *
 * FAULT_HANDHELDS and FAULT_LOAD_MS size it as the other fault tests.
 * FAULT_SYNC=off runs it with asynchronous replication and only reports
 * how many acknowledged scans the promoted database lacks (none, or the
 * last few: it depends on how far the replica trailed at the kill, so it
 * is not asserted; docs/scale.md).
 */
#include "fault_load.h"

#include "core_config.h"
#include "ops_pgctl.h"

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
static bool sync_on = true;
static struct fault_handheld *units;
static atomic_int saw_503, bad_503;
static char data_dir[512], env_dir[600], env_sync[64], sockdir[512];
static char pgdata[1024]; /* the primary's data directory */
static time_t t0;         /* the test's start: each phase's time is printed */

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
  for (unsigned p = 21000 + (unsigned)getpid() % 19000; p < 60000; p += 11)
    if (port_free(p) && port_free(p + 1) && port_free(p + 2))
      return p;
  return 0;
}

static int
depot(const char *const *args, char *out, size_t len)
{
  const char *env[] = {env_dir, env_sync, "DEPOT_LOG_LEVEL=warn", NULL};
  return api_run_depot(args, env, out, len);
}

/* The connection string of the database on socket port @a port. */
static void
conninfo_of(int port, char *out, size_t len)
{
  snprintf(out, len, "host='%s' port=%d dbname=depot user=depot", sockdir,
           port);
}

/* One integer from the database on socket port @a port of the cluster. */
static long long
count_on(int port, const char *sql)
{
  char ci[700];
  conninfo_of(port, ci, sizeof ci);
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

/* The sockets and data directory of the cluster, as depot resolves them. */
static bool
resolve_paths(void)
{
  struct core_config cfg;
  char err[200];
  core_config_init(&cfg, err, sizeof err);
  free(cfg.data_dir);
  cfg.data_dir = strdup(data_dir);
  struct ops_pgctl pc;
  bool ok = ops_pgctl_init(&pc, &cfg) == CORE_EC_OK;
  if (ok) {
    snprintf(sockdir, sizeof sockdir, "%s", pc.sockdir);
    snprintf(pgdata, sizeof pgdata, "%s", pc.pgdata);
  }
  ops_pgctl_clear(&pc);
  core_config_clear(&cfg);
  return ok;
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

/* The pickers: one by `depot user add`, copies of it in SQL (one argon2
 * hash), logged in eight at a time through HAProxy. */
static bool
add_handhelds(void)
{
  char out[1024];
  const char *env[] = {env_dir, env_sync, "DEPOT_LOG_LEVEL=warn", NULL};
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

/* The "replication" object of /readyz through HAProxy: its mode. */
static void
readyz_mode(char *mode, size_t len)
{
  struct api_reply r;
  mode[0] = '\0';
  if (api_json(&via, "GET", "/readyz", NULL, &r) && r.status == 200) {
    const char *m = json_string_value(
        json_object_get(json_object_get(r.json, "replication"), "mode"));
    snprintf(mode, len, "%s", m != NULL ? m : "");
  }
  api_reply_clear(&r);
}

static int
setup(void **state)
{
  if (getenv("FAULT_HANDHELDS") != NULL)
    handhelds = atoi(getenv("FAULT_HANDHELDS"));
  if (getenv("FAULT_LOAD_MS") != NULL)
    load_ms = atoi(getenv("FAULT_LOAD_MS"));
  sync_on =
      getenv("FAULT_SYNC") == NULL || strcmp(getenv("FAULT_SYNC"), "off") != 0;
  if (handhelds < 1 || handhelds > FAULT_MAX_HANDHELDS || load_ms < 100)
    return -1;
  t0 = time(NULL);
  snprintf(data_dir, sizeof data_dir, "%s/fault-sync",
           getenv("DEPOT_TEST_TMP") ? getenv("DEPOT_TEST_TMP") : "/tmp");
  char cmd[600], out[4096], port[16];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", data_dir);
  if (system(cmd) != 0)
    return -1;
  snprintf(env_dir, sizeof env_dir, "DEPOT_DATA_DIR=%s", data_dir);
  snprintf(env_sync, sizeof env_sync, "DEPOT_SYNC_REPLICA=%s",
           sync_on ? "on" : "off");
  const char *env[] = {env_dir, env_sync, "DEPOT_LOG_LEVEL=warn", NULL};
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
  if (!resolve_paths() || api_login(&via, API_ADMIN_USER, API_ADMIN_PASSWORD,
                                    via.token, NULL) != 200)
    return -1;
  units = calloc((size_t)handhelds, sizeof *units);
  if (units == NULL)
    return -1;
  fprintf(stderr, "cluster up after %ld s\n", (long)(time(NULL) - t0));
  fault_setup(&via, handhelds * 3);
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
  if (st != 3 || strstr(out, "ready") != NULL ||
      strstr(out, "running") != NULL) {
    fprintf(stderr, "after cluster down: %s\n", out);
    return -1;
  }
  return rc == 0 ? 0 : -1;
}

/* The postmaster's pid: the first line of <pgdata>/postmaster.pid. */
static pid_t
postmaster_pid(void)
{
  char path[1100];
  snprintf(path, sizeof path, "%s/postmaster.pid", pgdata);
  FILE *f = fopen(path, "r");
  long pid = 0;
  if (f != NULL) {
    if (fscanf(f, "%ld", &pid) != 1)
      pid = 0;
    fclose(f);
  }
  return (pid_t)pid;
}

/* Acknowledged scans the database at @a conninfo does not hold. */
static int
missing_acknowledged(const char *conninfo)
{
  PGconn *pg = PQconnectdb(conninfo);
  int missing = 0;
  for (int i = 0; i < handhelds; i++) {
    for (int j = 0; j < units[i].n; j++) {
      if (units[i].scans[j].status != 200)
        continue;
      json_t *body = json_loads(units[i].scans[j].body, 0, NULL);
      const char *p[] = {
          json_string_value(json_object_get(body, "idempotency_key"))};
      PGresult *r = PQexecParams(
          pg, "SELECT 1 FROM floor_scan WHERE idempotency_key = $1", 1, NULL, p,
          NULL, NULL, 0);
      missing += PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 0;
      PQclear(r);
      json_decref(body);
    }
  }
  PQfinish(pg);
  return missing;
}

/* Acknowledged scans taken before the kill (a reply already in hand). */
static int
acked_now(void)
{
  int n = 0;
  for (int i = 0; i < handhelds; i++)
    for (int j = 0; j < units[i].n; j++)
      n += units[i].scans[j].status == 200;
  return n;
}

/* Sends @a sql on a new connection to the primary without waiting. */
static PGconn *
send_async(const char *sql)
{
  char ci[700];
  conninfo_of(5432, ci, sizeof ci);
  PGconn *pg = PQconnectdb(ci);
  assert_int_equal(PQstatus(pg), CONNECTION_OK);
  assert_int_equal(PQsendQuery(pg, sql), 1);
  return pg;
}

/* Whether @a pg's query is still unanswered after @a ms. */
static bool
still_waiting(PGconn *pg, int ms)
{
  for (int i = 0; i < ms / 10; i++) {
    assert_int_equal(PQconsumeInput(pg), 1);
    if (!PQisBusy(pg))
      return false;
    usleep(10000);
  }
  return true;
}

/* The one value of @a pg's answer, once it comes. */
static void
answer(PGconn *pg, const char *want)
{
  PGresult *r = PQgetResult(pg);
  assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
  assert_string_equal(PQgetvalue(r, 0, 0), want);
  PQclear(r);
  while ((r = PQgetResult(pg)) != NULL)
    PQclear(r);
  PQfinish(pg);
}

/*
 * No standby acknowledging (the primary names one that is not there):
 * commits wait, a replay of a stored answer waits as well (it must not
 * acknowledge what the standby may lack), /readyz stays ready and says
 * "blocked" with the commits waiting, a signed-in read is answered; naming
 * the replica again releases them.
 */
static void
without_standby_commits_and_replays_wait(void **state)
{
  if (!sync_on)
    skip();
  assert_int_equal(
      count_on(5432, "WITH i AS (INSERT INTO floor_scan (idempotency_key,"
                     " kind, ref_id, request, response) VALUES"
                     " ('sync-probe', 'probe', 0, 'null', '{}') RETURNING 1)"
                     " SELECT count(*) FROM i"),
      1);
  char ci[700];
  conninfo_of(5432, ci, sizeof ci);
  PGconn *admin = PQconnectdb(ci);
  PQclear(PQexec(admin, "ALTER SYSTEM SET synchronous_standby_names"
                        " = 'nobody'"));
  PQclear(PQexec(admin, "SELECT pg_reload_conf()"));
  usleep(300000); /* backends read the reloaded file between commands */
  PGconn *write = send_async(
      "WITH i AS (INSERT INTO floor_scan (idempotency_key, kind, ref_id,"
      " request, response) VALUES ('sync-probe-2', 'probe', 0, 'null',"
      " '{}') RETURNING 1) SELECT count(*)::text FROM i");
  PGconn *replay =
      send_async("SELECT out_replayed::text FROM"
                 " idem_replay('sync-probe', 'probe', 0, 'null'::jsonb)");
  assert_true(still_waiting(write, 1500));
  assert_true(still_waiting(replay, 100));
  struct api_reply r;
  assert_true(api_json(&via, "GET", "/readyz", NULL, &r));
  assert_int_equal(r.status, 200);
  json_t *rep = json_object_get(r.json, "replication");
  assert_string_equal(json_string_value(json_object_get(rep, "mode")),
                      "blocked");
  assert_true(json_integer_value(json_object_get(rep, "commits_waiting")) >= 2);
  api_reply_clear(&r);
  /* A signed-in read goes on (its session touch holds nothing). */
  assert_true(api_json(&via, "GET", "/api/v1/warehouses", NULL, &r));
  assert_int_equal(r.status, 200);
  api_reply_clear(&r);
  PQclear(PQexec(admin, "ALTER SYSTEM SET synchronous_standby_names"
                        " = 'depot_replica'"));
  PQclear(PQexec(admin, "SELECT pg_reload_conf()"));
  /* The walsender releases waiters on the standby's next reply, which new
   * WAL brings at once (else its 10 s status interval). */
  usleep(300000);
  PQclear(PQexec(admin, "SELECT pg_logical_emit_message(false, 'depot.probe',"
                        " 'release')"));
  PQfinish(admin);
  assert_false(still_waiting(write, 15000));
  assert_false(still_waiting(replay, 15000));
  answer(write, "1");
  answer(replay, "true");
}

static void
primary_killed_under_load_loses_nothing_acknowledged(void **state)
{
  char mode[32];
  readyz_mode(mode, sizeof mode);
  assert_string_equal(mode, sync_on ? "on" : "off");
  pthread_t t[FAULT_MAX_HANDHELDS];
  for (int i = 0; i < handhelds; i++)
    pthread_create(&t[i], NULL, fault_run, &units[i]);
  usleep((useconds_t)load_ms * 1000);
  pid_t victim = postmaster_pid();
  assert_true(victim > 0);
  /* Racy by nature, a lower bound: replies may be in flight. */
  int before = acked_now();
  assert_int_equal(kill(victim, SIGKILL), 0);
  fprintf(stderr,
          "primary's postmaster %ld killed after %d ms (%d scans "
          "acknowledged by then)\n",
          (long)victim, load_ms, before);
  /* pg_ctl status sees it gone once the pid no longer lives. */
  for (int i = 0; i < 100 && kill(victim, 0) == 0; i++)
    usleep(50000);
  char out[4096];
  const char *promote[] = {"db", "promote", NULL};
  int rc = depot(promote, out, sizeof out);
  if (rc != 0)
    fprintf(stderr, "db promote: %s\n", out);
  assert_int_equal(rc, 0);
  fprintf(stderr, "promoted after %ld s\n", (long)(time(NULL) - t0));
  for (int i = 0; i < handhelds; i++)
    pthread_join(t[i], NULL);
  fprintf(stderr, "load done after %ld s\n", (long)(time(NULL) - t0));
  assert_int_equal(
      count_on(5433, "SELECT CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END"),
      0);
  char promoted[700];
  conninfo_of(5433, promoted, sizeof promoted);
  int missing = missing_acknowledged(promoted);
  int resends = 0;
  for (int i = 0; i < handhelds; i++)
    resends += units[i].resends;
  fprintf(stderr,
          "sync %s: %d handhelds, %d acknowledged scans missing on the "
          "promoted database, %d resends with the same key\n",
          sync_on ? "on" : "off", handhelds, missing, resends);
  if (!sync_on)
    return; /* asynchronous: reported above, not asserted */
  assert_int_equal(missing, 0);
  int acked, lost;
  fault_check(promoted, units, handhelds, &acked, &lost);
  fprintf(stderr,
          "primary lost under load: %d scans acknowledged, %d without a "
          "reply (re-sent now), checked after %ld s\n",
          acked, lost, (long)(time(NULL) - t0));
  assert_true(acked > handhelds);
  char env_url[800];
  snprintf(env_url, sizeof env_url, "DEPOT_DATABASE_URL=%s", promoted);
  const char *env[] = {env_url, env_dir, "DEPOT_LOG_LEVEL=warn", NULL};
  const char *check[] = {"check", "stock", NULL};
  rc = api_run_depot(check, env, out, sizeof out);
  if (rc != 0)
    fprintf(stderr, "check stock: %s\n", out);
  assert_int_equal(rc, 0);
  /* The promoted database names no standby: its commits do not wait. */
  readyz_mode(mode, sizeof mode);
  assert_string_equal(mode, "off");
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(without_standby_commits_and_replays_wait),
      cmocka_unit_test(primary_killed_under_load_loses_nothing_acknowledged),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
