#include "bench_cluster.h"

#include "bench_orders.h"
#include "bench_scan.h"
#include "bench_setup.h"
#include "bench_stats.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { READERS = 16 };

/* A reader of the closed loop: GETs one path kind back to back. */
struct reader {
  const char *token;
  bool report; /* the inventory report, else stock lookups */
  unsigned idx, seq, ok, errors;
  struct bench_stats *lat;
};

static bool
reader_next(void *cls, struct bench_call *call)
{
  struct reader *r = cls;
  call->method = "GET";
  call->token = r->token;
  call->body[0] = '\0';
  if (r->report)
    snprintf(call->path, sizeof call->path,
             "/api/v1/reports/inventory?by=category");
  else
    snprintf(call->path, sizeof call->path,
             "/api/v1/stock?sku=SKU-%05u&warehouse=W1",
             1 + (r->idx * 31 + r->seq++ * 7) % BENCH_SKUS);
  return true;
}

static void
reader_done(void *cls, long status, const json_t *json, double ms, bool counted)
{
  struct reader *r = cls;
  (void)json;
  if (status != 200) {
    r->errors++;
    return;
  }
  if (counted) {
    r->ok++;
    bench_stats_add(r->lat, ms);
  }
}

/* Transactions the replica has committed so far (reads served there). */
static long long
replica_xacts(const struct bench_cluster *k)
{
  PGconn *pg = PQconnectdb(k->replica_url);
  PGresult *r = PQexec(pg, "SELECT xact_commit FROM pg_stat_database"
                           " WHERE datname = current_database()");
  long long n = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1
                    ? atoll(PQgetvalue(r, 0, 0))
                    : -1;
  PQclear(r);
  PQfinish(pg);
  return n;
}

/*
 * @a READERS clients reading (@a report or stock lookups) from the server
 * on @a port for the plan's c64 window; requests answered 200 per second
 * into @a rps, p50 into @a p50. The replica's transactions during the
 * window go to @a on_replica (how many of the reads it served).
 */
static bool
read_loop(struct bench_ctx *c, const struct bench_cluster *k, unsigned port,
          bool report, double *rps, double *p50, long long *on_replica)
{
  struct bench_stats lat = {0};
  struct reader rd[READERS];
  void *cls[READERS];
  for (unsigned i = 0; i < READERS; i++) {
    rd[i] = (struct reader){
        .token = c->admin_token, .report = report, .idx = i, .lat = &lat};
    cls[i] = &rd[i];
  }
  static const struct bench_client_ops ops = {reader_next, reader_done};
  struct bench_target t = {port};
  double secs = c->plan.scan_s[2];
  struct bench_window w = {c->plan.scan_warm_s, secs};
  double elapsed = 0;
  long long before = replica_xacts(k);
  bool ok = bench_http_run(&t, READERS, cls, &ops, &w, &elapsed);
  long long after = replica_xacts(k);
  unsigned n = 0, errors = 0;
  for (unsigned i = 0; i < READERS; i++) {
    n += rd[i].ok;
    errors += rd[i].errors;
  }
  *rps = n / secs;
  *p50 = bench_stats_pct(&lat, 50);
  *on_replica = before >= 0 && after >= before ? after - before : -1;
  bench_stats_clear(&lat);
  bench_note("%s from 127.0.0.1:%u: %.1f/s, p50 %.2f ms, %u errors, %lld "
             "transactions on the replica",
             report ? "inventory report" : "stock lookup", port, *rps, *p50,
             errors, *on_replica);
  return ok && errors == 0 ? true : bench_fail("reads failed (%u)", errors);
}

/* The pid in node @a i's pid file, or 0. */
static pid_t
node_pid(const struct bench_cluster *k, int i)
{
  char path[1024];
  snprintf(path, sizeof path, "%s/node-%d.pid", k->dir, i);
  FILE *f = fopen(path, "r");
  long pid = 0;
  if (f != NULL) {
    if (fscanf(f, "%ld", &pid) != 1)
      pid = 0;
    fclose(f);
  }
  return (pid_t)pid;
}

/* Stops node 2 (SIGTERM, as `depot cluster down` does) and waits for it to
 * go, then for HAProxy's checks to take it out (two failures, 1 s apart). */
static bool
stop_node2(const struct bench_cluster *k)
{
  pid_t pid = node_pid(k, 2);
  if (pid <= 0 || kill(pid, SIGTERM) != 0)
    return bench_fail("cannot stop node 2 (pid %ld)", (long)pid);
  for (int i = 0; i < 400 && kill(pid, 0) == 0; i++)
    usleep(100000);
  if (kill(pid, 0) == 0)
    return bench_fail("node 2 did not stop");
  sleep(3);
  return true;
}

/* `depot cluster up` starts node 2 again; HAProxy takes it back after two
 * good checks. */
static bool
start_node2(struct bench_ctx *c, const struct bench_cluster *k)
{
  char port[16];
  snprintf(port, sizeof port, "%u", k->haproxy_port);
  pid_t pid = fork();
  if (pid == 0) {
    int null_fd = open("/dev/null", O_WRONLY);
    if (null_fd >= 0)
      dup2(null_fd, 1);
    execl(c->depot, c->depot, "cluster", "up", "--port", port, (char *)NULL);
    _exit(127);
  }
  int st = -1;
  while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR)
    ;
  if (pid < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
    return bench_fail("depot cluster up did not start node 2 again");
  sleep(3);
  return true;
}

/* One c64 closed loop through HAProxy; @a est its expected rate. */
static bool
scan_loop(struct bench_ctx *c, char (*tokens)[BENCH_TOKEN_MAX], unsigned phase,
          double est, struct bench_scan_result *r)
{
  double warm = c->plan.scan_warm_s, secs = c->plan.scan_s[2];
  unsigned lists =
      (unsigned)(est * (warm + secs) / (2.0 * 3 * BENCH_WAVE_BATCH) * 1.3) +
      BENCH_HANDHELDS;
  return bench_orders_supply(c, lists) &&
         bench_scan_run(c, tokens, BENCH_HANDHELDS, phase, warm, secs, r);
}

static json_t *
ratio(double a, double b)
{
  return b > 0 ? json_real(a / b) : json_null();
}

/* Reads from node 1 (replica) and from the direct server (primary). */
static bool
reads(struct bench_ctx *c, const struct bench_cluster *k, json_t *o)
{
  double lp, lr, rp, rr, p50[4];
  long long x[4];
  unsigned node1 = k->haproxy_port + 1;
  if (!read_loop(c, k, k->direct_port, false, &lp, &p50[0], &x[0]) ||
      !read_loop(c, k, node1, false, &lr, &p50[1], &x[1]) ||
      !read_loop(c, k, k->direct_port, true, &rp, &p50[2], &x[2]) ||
      !read_loop(c, k, node1, true, &rr, &p50[3], &x[3]))
    return false;
  json_object_set_new(o, "lookup_rps_primary", json_real(lp));
  json_object_set_new(o, "lookup_rps_replica", json_real(lr));
  json_object_set_new(o, "lookup_ratio_replica_v_primary", ratio(lr, lp));
  json_object_set_new(o, "report_rps_primary", json_real(rp));
  json_object_set_new(o, "report_rps_replica", json_real(rr));
  json_object_set_new(o, "report_ratio_replica_v_primary", ratio(rr, rp));
  json_object_set_new(
      o, "read_detail",
      json_pack("{s:I, s:f, s:f, s:f, s:f, s:I, s:I, s:I, s:I}", "readers",
                (json_int_t)READERS, "lookup_p50_ms_primary", p50[0],
                "lookup_p50_ms_replica", p50[1], "report_p50_ms_primary",
                p50[2], "report_p50_ms_replica", p50[3],
                "replica_xacts_lookup_primary", (json_int_t)x[0],
                "replica_xacts_lookup_replica", (json_int_t)x[1],
                "replica_xacts_report_primary", (json_int_t)x[2],
                "replica_xacts_report_replica", (json_int_t)x[3]));
  return true;
}

bool
bench_cluster_run(struct bench_ctx *c, const struct bench_cluster *k,
                  char (*tokens)[BENCH_TOKEN_MAX])
{
  json_t *o = json_object();
  json_object_set_new(c->out, "cluster", o);
  if (!bench_setup_catalog(c) ||
      !bench_setup_pickers(c, "hh", BENCH_HANDHELDS, tokens, NULL))
    return false;
  PQclear(PQexec(c->pg, "ANALYZE"));
  struct bench_scan_result one, two;
  if (!stop_node2(k) || !scan_loop(c, tokens, 11, 1000, &one) ||
      !start_node2(c, k) ||
      !scan_loop(c, tokens, 12, one.tps > 300 ? one.tps * 2 : 600, &two))
    return false;
  json_object_set_new(o, "scan_tps_1node", json_real(one.tps));
  json_object_set_new(o, "scan_tps_2nodes", json_real(two.tps));
  json_object_set_new(o, "scan_ratio_2v1", ratio(two.tps, one.tps));
  json_object_set_new(o, "scan_detail",
                      json_pack("{s:I, s:f, s:f, s:f, s:f, s:I, s:I}",
                                "handhelds", (json_int_t)BENCH_HANDHELDS,
                                "p50_ms_1node", one.p50_ms, "p50_ms_2nodes",
                                two.p50_ms, "p99_ms_1node", one.p99_ms,
                                "p99_ms_2nodes", two.p99_ms, "errors_1node",
                                (json_int_t)one.errors, "errors_2nodes",
                                (json_int_t)two.errors));
  if (!reads(c, k, o))
    return false;
  json_object_set_new(o, "seconds_per_phase", json_real(c->plan.scan_s[2]));
  json_object_set_new(o, "mode", json_string(c->plan.quick ? "quick" : "full"));
  json_object_set_new(o, "machine",
                      json_incref(json_object_get(c->out, "machine")));
  return true;
}

bool
bench_cluster_write(struct bench_ctx *c, const char *path)
{
  json_t *all = json_load_file(path, 0, NULL);
  if (!json_is_object(all)) {
    json_decref(all);
    all = json_object();
  }
  json_object_set(all, "cluster", json_object_get(c->out, "cluster"));
  char *text = json_dumps(json_object_get(c->out, "cluster"), JSON_INDENT(2));
  printf("cluster: %s\n", text != NULL ? text : "");
  free(text);
  int rc = json_dump_file(
      all, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
  json_decref(all);
  if (rc != 0)
    return bench_fail("cannot write %s", path);
  fprintf(stderr, "bench: wrote %s (cluster)\n", path);
  return true;
}
