/*
 * depot_bench: the benchmark of issue #10 against a running `depot serve`
 * (bench/run.sh starts one on a throwaway cluster). Phases, in order:
 * setup, idle RSS, pick paths, auth/me against a bare libmicrohttpd,
 * order to ship end to end, intake, wave, stock lookups at 10k orders,
 * scans at 1/16/64 handhelds and the open loop, pgbench on the same SQL,
 * memory per connection, stock lookups at the larger sizes; then the
 * table and latest.json.
 */
#include "bench.h"
#include "bench_auth.h"
#include "bench_cluster.h"
#include "bench_intake.h"
#include "bench_mem.h"
#include "bench_orders.h"
#include "bench_pgbench.h"
#include "bench_pickpath.h"
#include "bench_report.h"
#include "bench_scan.h"
#include "bench_setup.h"
#include "bench_ship.h"
#include "bench_stats.h"

#include <curl/curl.h>
#include <stdarg.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static char handheld_tokens[BENCH_HANDHELDS][BENCH_TOKEN_MAX];
static double started;

bool
bench_fail(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fputs("bench: error: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  return false;
}

void
bench_note(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "bench: [%5.1f s] ", bench_http_now() - started);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

static const struct bench_plan quick_plan = {
    .quick = true,
    .intake_orders = 1000,
    .intake_clients = 16,
    .scan_warm_s = 1,
    .scan_s = {5, 10, 10},
    .open_s = 15,
    .pgbench_s = 8,
    .http_s = 5,
    .ship_orders = 200,
    .pgbench_only = false,
    .lookup_sizes = {10000, 0, 0},
    .lookup_n = 200,
    .scale_skus = 100000,
    .scale_bins = 50000,
};

static const struct bench_plan full_plan = {
    .quick = false,
    .intake_orders = 10000,
    .intake_clients = 16,
    .scan_warm_s = 2,
    .scan_s = {15, 30, 30},
    .open_s = 60,
    .pgbench_s = 30,
    .http_s = 20,
    .ship_orders = 2000,
    .pgbench_only = true,
    .lookup_sizes = {10000, 100000, 1000000},
    .lookup_n = 500,
    .scale_skus = 100000,
    .scale_bins = 50000,
};

/* Command-line values; every one but --quick and the cluster's is
 * required. With --cluster-dir only the cluster phases run (CLUSTER=1). */
struct args {
  bool quick;
  const char *out, *admin;
  struct bench_cluster cluster;
};

static bool
parse_args(int argc, char **argv, struct bench_ctx *c, struct args *a)
{
  for (int i = 1; i < argc; i++) {
    const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(k, "--quick") == 0) {
      a->quick = true;
      continue;
    }
    if (v == NULL)
      return bench_fail("%s needs a value", k);
    i++;
    if (strcmp(k, "--port") == 0)
      c->target.port = (unsigned)strtoul(v, NULL, 10);
    else if (strcmp(k, "--server-pid") == 0)
      c->server_pid = (pid_t)strtol(v, NULL, 10);
    else if (strcmp(k, "--hello-port") == 0)
      c->hello.port = (unsigned)strtoul(v, NULL, 10);
    else if (strcmp(k, "--hello-pid") == 0)
      c->hello_pid = (pid_t)strtol(v, NULL, 10);
    else if (strcmp(k, "--depot") == 0)
      c->depot = v;
    else if (strcmp(k, "--database-url") == 0)
      c->db_url = v;
    else if (strcmp(k, "--work-dir") == 0)
      c->work_dir = v;
    else if (strcmp(k, "--out") == 0)
      a->out = v;
    else if (strcmp(k, "--admin") == 0)
      a->admin = v;
    else if (strcmp(k, "--cluster-dir") == 0)
      a->cluster.dir = v;
    else if (strcmp(k, "--direct-port") == 0)
      a->cluster.direct_port = (unsigned)strtoul(v, NULL, 10);
    else if (strcmp(k, "--replica-url") == 0)
      a->cluster.replica_url = v;
    else
      return bench_fail("unknown option %s", k);
  }
  /* The cluster's run (--cluster-dir) has no bare "hello" to compare
   * with: only the single-server phases need it. */
  bool hello =
      a->cluster.dir != NULL || (c->hello.port != 0 && c->hello_pid > 0);
  if (c->target.port == 0 || c->server_pid <= 0 || !hello || c->depot == NULL ||
      c->db_url == NULL || c->work_dir == NULL || a->out == NULL ||
      a->admin == NULL)
    return bench_fail("usage: depot_bench [--quick] --port P --server-pid N"
                      " --hello-port P --hello-pid N (or --cluster-dir DIR)"
                      " --depot BIN --database-url URL --work-dir DIR"
                      " --out FILE --admin USER  (password on stdin)");
  return true;
}

/* Logs the admin in with the password on stdin. */
static bool
admin_login(struct bench_ctx *c, const char *user)
{
  char pw[256];
  if (fgets(pw, sizeof pw, stdin) == NULL)
    return bench_fail("the admin password is read from stdin");
  pw[strcspn(pw, "\n")] = '\0';
  json_t *body = json_pack("{s:s, s:s}", "username", user, "password", pw);
  char *text = json_dumps(body, JSON_COMPACT);
  json_decref(body);
  json_t *j = NULL;
  long st = bench_http_call(&c->target, NULL, "POST", "/api/v1/auth/login",
                            text, &j, NULL);
  free(text);
  const char *tok = json_string_value(json_object_get(j, "token"));
  if (st == 200 && tok != NULL)
    snprintf(c->admin_token, sizeof c->admin_token, "%s", tok);
  json_decref(j);
  return st == 200 && tok != NULL ? true
                                  : bench_fail("admin login: status %ld", st);
}

static json_t *
num_or_null(double v, bool ok)
{
  return ok ? json_real(v) : json_null();
}

/*
 * The intake's ceiling (issue 26 item 2): pgbench on the statements one
 * POST /api/v1/orders sends, at 16 clients, after the HTTP intake of
 * @a http_per_s orders a second; intake_ratio is the HTTP figure over it.
 */
static bool
phase_intake_pgbench(struct bench_ctx *c, double http_per_s)
{
  double est = http_per_s * 2.5 > 1200 ? http_per_s * 2.5 : 1200;
  struct bench_intake_result r;
  if (!bench_intake_pgbench(c, est, c->plan.pgbench_s, &r))
    return false;
  bool ok = !r.aborted && r.tps > 0;
  json_object_set_new(c->out, "pgbench_intake_tps_c16", num_or_null(r.tps, ok));
  json_object_set_new(c->out, "intake_ratio",
                      num_or_null(http_per_s / r.tps, ok));
  json_object_set_new(c->out, "pgbench_intake_detail",
                      json_pack("{s:I, s:f, s:f, s:b}", "orders",
                                (json_int_t)r.orders, "raw_tps", r.raw_tps,
                                "latency_avg_ms", r.latency_ms, "aborted",
                                r.aborted));
  json_object_set_new(json_object_get(c->out, "intake_cost_per_order"),
                      "pgbench", r.cost);
  return true;
}

/* Intake of the plan's orders, then one wave of all of them, then the
 * intake's pgbench ceiling. */
static bool
phase_intake_wave(struct bench_ctx *c)
{
  double per_s = 0, p50 = 0, secs = 0;
  int64_t orders = 0, lists = 0;
  unsigned n = c->plan.intake_orders;
  struct bench_intake_mark m0, m1;
  if (!bench_intake_mark(c, "WAVE", &m0) ||
      !bench_orders_intake(c, "WAVE", 1, n, c->plan.intake_clients, &per_s,
                           &p50) ||
      !bench_intake_mark(c, "WAVE", &m1))
    return false;
  json_object_set_new(c->out, "intake_orders_per_s", json_real(per_s));
  json_object_set_new(c->out, "intake_p50_ms", json_real(p50));
  json_object_set_new(json_object_get(c->out, "intake_cost_per_order"), "http",
                      bench_intake_cost(&m0, &m1));
  if (!bench_setup_totes(c))
    return false;
  bool waved = bench_orders_wave(c, "WAVE", BENCH_WAVE_BATCH, 20000, &secs,
                                 &orders, &lists);
  bench_note("wave: %lld orders into %lld lists in %.3f s%s", (long long)orders,
             (long long)lists, secs,
             waved ? "" : " (FAILED: see the error above)");
  if (waved && orders != (int64_t)n)
    return bench_fail("wave took %lld orders, not %u", (long long)orders, n);
  if (!waved)
    json_object_set_new(c->out, "wave_error",
                        json_string("POST /api/v1/waves failed; see the"
                                    " bench log (statement timeout?)"));
  bool ten_k = n == 10000;
  json_object_set_new(c->out, "wave_10k_s", num_or_null(secs, ten_k && waved));
  if (!ten_k) {
    char key[32];
    snprintf(key, sizeof key, "wave_%uk_s", n / 1000);
    json_object_set_new(c->out, key, num_or_null(secs, waved));
    json_object_set_new(
        c->out, "wave_10k_s_note",
        json_string("quick run: the wave took the quick run's orders only;"
                    " wave_10k_s is measured by the full run"));
  }
  json_object_set_new(c->out, "wave_lists", json_integer(lists));
  return phase_intake_pgbench(c, per_s);
}

/* p50 of @a n GETs: stock lookups of SKUs spread over the catalog with
 * @a stock, else the dashboard of every warehouse; negative when one
 * fails. */
static double
get_p50(struct bench_ctx *c, bool stock, unsigned n)
{
  struct bench_stats s = {0};
  bool ok = true;
  for (unsigned i = 0; ok && i < n; i++) {
    char path[128] = "/api/v1/dashboard";
    double ms = 0;
    if (stock)
      snprintf(path, sizeof path, "/api/v1/stock?sku=SKU-%05u&warehouse=W1",
               1 + (i * 7) % BENCH_SKUS);
    ok = bench_http_call(&c->target, c->admin_token, "GET", path, NULL, NULL,
                         &ms) == 200;
    if (!ok)
      bench_fail("GET %s failed", path);
    bench_stats_add(&s, ms);
  }
  double p50 = ok ? bench_stats_pct(&s, 50) : -1;
  bench_stats_clear(&s);
  return p50;
}

/* The reports read per tier (issue 21): each one's p50 goes under its
 * name in reports_p50_ms. */
static const char *const report_paths[][2] = {
    {"stock-movement", "/api/v1/reports/stock-movement?group=month&limit=2000"},
    {"inventory", "/api/v1/reports/inventory?by=category"},
    {"inventory-bin", "/api/v1/reports/inventory?by=bin&limit=2000"},
    {"sales", "/api/v1/reports/sales?group=month&by=store"},
    {"sales-segment", "/api/v1/reports/sales?group=month&by=customer_segment"},
    {"returns", "/api/v1/reports/returns?group=month&limit=2000"},
    {"aging", "/api/v1/reports/aging?limit=2000"},
    {"expiry", "/api/v1/reports/expiry?limit=2000"},
    {"purchasing", "/api/v1/reports/purchasing?group=month&limit=2000"},
    {"staff", "/api/v1/reports/staff?limit=2000"},
    {"fulfilment", "/api/v1/reports/fulfilment?by=store"},
    {"margin", "/api/v1/reports/margin?group=month&by=store"},
    {"feedback", "/api/v1/reports/feedback?group=month&by=kind"},
};

/* p50 of @a n GETs; call i reads the path @a fill writes for i (or
 * @a path itself when @a fill is NULL). Negative when one fails. */
static double
paths_p50(struct bench_ctx *c, const char *path,
          void (*fill)(char *, size_t, unsigned, unsigned), unsigned size,
          unsigned n)
{
  struct bench_stats s = {0};
  bool ok = true;
  for (unsigned i = 0; ok && i < n; i++) {
    char own[128];
    double ms = 0;
    if (fill)
      fill(own, sizeof own, i, size);
    const char *p = fill ? own : path;
    json_t *j = NULL;
    long st =
        bench_http_call(&c->target, c->admin_token, "GET", p, NULL, &j, &ms);
    ok = st == 200;
    if (!ok) {
      /* The error's code tells a timeout from a refusal. */
      char *dump = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;
      bench_fail("GET %s failed: status %ld %.300s", p, st,
                 dump != NULL ? dump : "");
      free(dump);
    }
    json_decref(j);
    bench_stats_add(&s, ms);
  }
  double p50 = ok ? bench_stats_pct(&s, 50) : -1;
  bench_stats_clear(&s);
  return p50;
}

/* Every report's p50 at this tier into reports_p50_ms[@a key]. */
static bool
reports_p50(struct bench_ctx *c, const char *key, unsigned n)
{
  json_t *tier = json_object();
  json_object_set_new(json_object_get(c->out, "reports_p50_ms"), key, tier);
  for (size_t i = 0; i < sizeof report_paths / sizeof report_paths[0]; i++) {
    double p50 = paths_p50(c, report_paths[i][1], NULL, 0, n < 5 ? 5 : n);
    if (p50 < 0)
      return false;
    bench_note("at tier %s: report %s p50 %.3f ms", key, report_paths[i][0],
               p50);
    json_object_set_new(tier, report_paths[i][0], json_real(p50));
  }
  return true;
}

/* The whole order list as CSV (GET /api/v1/orders/export.csv, streamed)
 * at this tier: rows, seconds and the server's RSS before and at its
 * peak, under export[@a key]; at the 1M tier also export_1m_rows_s
 * (issue 21, item 9: RSS within 64 MiB of idle). */
static bool
phase_export(struct bench_ctx *c, const char *key)
{
  struct bench_export x;
  if (!bench_mem_export(c, "/api/v1/orders/export.csv", &x))
    return false;
  bench_note("at tier %s: export of %llu orders (%.1f MiB) in %.1f s, RSS "
             "%.1f -> %.1f MiB",
             key, x.rows, x.mib, x.seconds, x.rss_idle_mib, x.rss_peak_mib);
  json_object_set_new(
      json_object_get(c->out, "export"), key,
      json_pack("{s:I, s:f, s:f, s:f, s:f, s:f}", "rows", (json_int_t)x.rows,
                "seconds", x.seconds, "mib", x.mib, "rss_idle_mib",
                x.rss_idle_mib, "rss_peak_mib", x.rss_peak_mib,
                "rss_growth_mib", x.rss_peak_mib - x.rss_idle_mib));
  if (strcmp(key, "1m") == 0)
    json_object_set_new(c->out, "export_1m_rows_s", json_real(x.seconds));
  return true;
}

/* The i-th customer search by exact phone (the blind index), spread over
 * customers 1..@a size. */
static void
phone_path(char *out, size_t cap, unsigned i, unsigned size)
{
  snprintf(out, cap, "/api/v1/customers?q=139%08u",
           1 + (unsigned)((i * 7919ull) % size));
}

/* Customer search by phone at @a size customers, under @a key (issue 20:
 * p50 <= 2 ms at 1M). */
static bool
phase_customer_search(struct bench_ctx *c, unsigned size, const char *key)
{
  if (!bench_setup_customers(c, size))
    return false;
  PQclear(PQexec(c->pg, "ANALYZE customer"));
  double p50 = paths_p50(c, NULL, phone_path, size, c->plan.lookup_n);
  if (p50 < 0)
    return false;
  bench_note("at %u customers: search by phone p50 %.3f ms", size, p50);
  json_object_set_new(json_object_get(c->out, "customer_search_phone_p50_ms"),
                      key, json_real(p50));
  return true;
}

/* Brings the database to @a size orders: the ones the run made plus order
 * history from `depot demo seed` (store SCALE, with its SKUs and bins). */
static bool
top_up(struct bench_ctx *c, unsigned size)
{
  int64_t have =
      bench_setup_sql_int(c, "SELECT count(*) FROM sales_order", 0, NULL);
  int64_t scale = bench_setup_sql_int(
      c,
      "SELECT count(*) FROM sales_order o JOIN store s ON s.id = o.store_id"
      " WHERE s.code = 'SCALE'",
      0, NULL);
  if (have < 0 || scale < 0)
    return false;
  if (have >= size)
    return true;
  return bench_setup_scale(c, (unsigned)(size - (have - scale)),
                           c->plan.scale_skus, c->plan.scale_bins);
}

/* Stock lookup (GET /api/v1/stock?sku=&warehouse=) and dashboard (GET
 * /api/v1/dashboard, every warehouse) p50 once the database holds @a size
 * orders, stored under @a key. */
static bool
phase_lookup(struct bench_ctx *c, unsigned size, const char *key)
{
  if (!top_up(c, size))
    return false;
  double stock = get_p50(c, true, c->plan.lookup_n);
  double dash = get_p50(c, false, c->plan.lookup_n / 4);
  if (stock < 0 || dash < 0)
    return false;
  int64_t now =
      bench_setup_sql_int(c, "SELECT count(*) FROM sales_order", 0, NULL);
  bench_note("at %lld orders: stock lookup p50 %.3f ms, dashboard p50 %.3f ms",
             (long long)now, stock, dash);
  json_object_set_new(json_object_get(c->out, "stock_lookup_p50_ms"), key,
                      json_real(stock));
  json_object_set_new(json_object_get(c->out, "stock_lookup_orders"), key,
                      json_integer(now));
  json_object_set_new(json_object_get(c->out, "dashboard_p50_ms"), key,
                      json_real(dash));
  json_object_set_new(json_object_get(c->out, "dashboard_orders"), key,
                      json_integer(now));
  return reports_p50(c, key, c->plan.lookup_n / 20) && phase_export(c, key) &&
         phase_customer_search(c, size, key);
}

/* The office's work during the open loop: an intake, then a wave. */
struct office {
  struct bench_ctx *c;
  unsigned first, n;
  double intake_per_s, wave_s;
  bool ok;
};

static void *
office_run(void *cls)
{
  struct office *o = cls;
  double p50 = 0;
  int64_t orders = 0, lists = 0;
  /* Totes before the wave: a handheld may claim its lists at once. */
  o->ok =
      bench_orders_intake(o->c, "WAVE", o->first, o->n,
                          o->c->plan.intake_clients, &o->intake_per_s, &p50) &&
      bench_setup_totes(o->c) &&
      bench_orders_wave(o->c, "WAVE", BENCH_WAVE_BATCH, o->n, &o->wave_s,
                        &orders, &lists);
  bench_note("office during the open loop: %u orders at %.1f/s, wave of "
             "%lld orders in %.3f s",
             o->n, o->intake_per_s, (long long)orders, o->wave_s);
  return NULL;
}

/*
 * Issue 26: 64 handhelds at one scan a second each (a picker's pace), on
 * a fixed schedule, while the office takes in 1,000 orders and waves
 * them: the floor's latency as pickers feel it, not queueing at
 * saturation. The office starts with the measured window.
 */
static bool
phase_open_loop(struct bench_ctx *c, json_t *scan)
{
  unsigned n = 64;
  double warm = c->plan.scan_warm_s, secs = c->plan.open_s;
  unsigned lists = (unsigned)(n * (warm + secs) / (3.0 * BENCH_WAVE_BATCH)) + n;
  if (!bench_orders_supply(c, lists))
    return false;
  struct office o = {.c = c, .first = c->plan.intake_orders + 1, .n = 1000};
  struct bench_scan_result r;
  pthread_t office;
  if (pthread_create(&office, NULL, office_run, &o) != 0)
    return bench_fail("cannot start the office thread");
  bool ok = bench_scan_open_run(c, handheld_tokens, n, 4, 1.0, warm, secs, &r);
  pthread_join(office, NULL);
  if (!ok || !o.ok)
    return bench_fail("open loop: the scans or the office failed");
  json_object_set_new(scan, "open64",
                      json_pack("{s:f, s:f, s:f, s:f, s:f, s:I, s:I, s:f, s:f}",
                                "offered_per_s", r.offered_per_s, "tps", r.tps,
                                "p50_ms", r.p50_ms, "p99_ms", r.p99_ms,
                                "p999_ms", r.p999_ms, "scans",
                                (json_int_t)r.scans, "errors",
                                (json_int_t)r.errors, "office_intake_per_s",
                                o.intake_per_s, "office_wave_s", o.wave_s));
  return true;
}

/* Scans at 1, 16 and 64 handhelds, each phase with enough open lists for
 * a generous estimate of its rate. Returns the c16 rate in @a c16_tps. */
static bool
phase_scans(struct bench_ctx *c, double *c16_tps)
{
  static const unsigned hands[] = {1, 16, 64};
  static const char *const keys[] = {"c1", "c16", "c64"};
  json_t *scan = json_object();
  json_object_set_new(c->out, "scan", scan);
  double est = 400;
  for (unsigned i = 0; i < 3; i++) {
    double secs = c->plan.scan_s[i], warm = c->plan.scan_warm_s;
    unsigned lists =
        (unsigned)(est * (warm + secs) / (2.0 * 3 * BENCH_WAVE_BATCH) * 1.3) +
        hands[i];
    struct bench_scan_result r;
    if (!bench_orders_supply(c, lists) ||
        !bench_scan_run(c, handheld_tokens, hands[i], i + 1, warm, secs, &r))
      return false;
    json_object_set_new(scan, keys[i],
                        json_pack("{s:f, s:f, s:f, s:I, s:I, s:I}", "tps",
                                  r.tps, "p50_ms", r.p50_ms, "p99_ms", r.p99_ms,
                                  "scans", (json_int_t)r.scans, "errors",
                                  (json_int_t)r.errors, "ran_dry",
                                  (json_int_t)r.dry));
    if (r.errors > 0 || r.dry > 0)
      bench_note("scan %s: %u errors, %u handhelds ran dry: see above", keys[i],
                 r.errors, r.dry);
    est = i == 0 ? (r.tps * 4 < 4000 ? r.tps * 4 : 4000) : r.tps * 1.5;
    if (est < 400)
      est = 400;
    if (i == 1)
      *c16_tps = r.tps;
    if (i == 2)
      json_object_set_new(scan, "max_tps", json_real(r.tps));
  }
  return phase_open_loop(c, scan);
}

/* pgbench on the same SQL (and on the scan call alone) at 16 clients. */
static bool
phase_pgbench(struct bench_ctx *c, double c16_tps)
{
  double secs = c->plan.pgbench_s;
  double est = c16_tps * 2.5 > 1000 ? c16_tps * 2.5 : 1000;
  struct bench_pgbench_result same, only = {0};
  bool two = c->plan.pgbench_only;
  if (!bench_pgbench_prepare(c, est < 3000 ? est : 3000, secs, two ? 2 : 1) ||
      !bench_pgbench_run(c, true, secs, &same) ||
      (two && !bench_pgbench_run(c, false, secs, &only)))
    return false;
  json_object_set_new(c->out, "pgbench_same_sql_tps_c16",
                      num_or_null(same.tps, !same.aborted));
  json_object_set_new(c->out, "pgbench_scan_only_tps_c16",
                      num_or_null(only.tps, two && !only.aborted));
  json_object_set_new(
      c->out, "pgbench_detail",
      json_pack("{s:f, s:f, s:f, s:f, s:b, s:b}", "same_sql_raw_tps",
                same.raw_tps, "same_sql_latency_avg_ms", same.latency_ms,
                "scan_only_raw_tps", only.raw_tps, "scan_only_latency_avg_ms",
                only.latency_ms, "same_sql_aborted", same.aborted,
                "scan_only_aborted", only.aborted));
  json_object_set_new(
      c->out, "scan_ratio_c16",
      num_or_null(c16_tps / same.tps, !same.aborted && same.tps > 0));
  return true;
}

/* KiB each of @a n connections added to the RSS over @a base MiB. */
static json_t *
kib_each(double rss, double base, unsigned n)
{
  return n > 0 && rss >= 0 && base >= 0 ? json_real((rss - base) * 1024.0 / n)
                                        : json_null();
}

/*
 * Memory per connection and per handheld (issue 26 item 5): the RSS with
 * 500 and with 2,000 keep-alive connections open, and with 200 event
 * streams of a packing station (what its terminal holds), each over the
 * RSS just before, so the heap the earlier phases left is not counted.
 */
static bool
phase_memory(struct bench_ctx *c)
{
  double r500 = 0, r2000 = 0, rsse = 0;
  unsigned o500 = 0, o2000 = 0, osse = 0;
  /* Smallest first: a larger set reuses the heap a smaller one freed. */
  if (!bench_setup_station(c, "BENCH-PACK"))
    return false;
  double after = bench_mem_rss_mib(c->server_pid);
  if (!bench_mem_streams(c, "BENCH-PACK", 200, &rsse, &osse))
    return bench_fail("cannot read the server's RSS");
  double before500 = bench_mem_rss_mib(c->server_pid);
  if (!bench_mem_conns(c, 500, &r500, &o500))
    return bench_fail("cannot read the server's RSS");
  double before2000 = bench_mem_rss_mib(c->server_pid);
  if (!bench_mem_conns(c, 2000, &r2000, &o2000))
    return bench_fail("cannot read the server's RSS");
  json_t *m = json_object_get(c->out, "rss_mib");
  json_object_set_new(m, "conn500", json_real(r500));
  json_object_set_new(m, "idle_after_load", json_real(after));
  json_object_set_new(m, "conn500_answered", json_integer(o500));
  json_object_set_new(m, "conn2000", json_real(r2000));
  json_object_set_new(m, "conn2000_answered", json_integer(o2000));
  json_object_set_new(m, "sse200", json_real(rsse));
  json_object_set_new(m, "sse200_answered", json_integer(osse));
  json_object_set_new(m, "kib_per_conn500", kib_each(r500, before500, o500));
  json_object_set_new(m, "kib_per_conn2000",
                      kib_each(r2000, before2000, o2000));
  json_object_set_new(m, "kib_per_stream", kib_each(rsse, after, osse));
  bench_note("RSS: %.1f MiB after the load; %.1f MiB with %u station "
             "streams, %.1f MiB with %u connections, %.1f MiB with %u",
             after, rsse, osse, r500, o500, r2000, o2000);
  return true;
}

/* The keys every run writes, in the order, before any figure. */
static void
out_skeleton(struct bench_ctx *c)
{
  c->out = json_object();
  json_object_set_new(c->out, "mode",
                      json_string(c->plan.quick ? "quick" : "full"));
  bench_report_machine(c);
  json_object_set_new(c->out, "scan", json_object());
  json_object_set_new(c->out, "pgbench_same_sql_tps_c16", json_null());
  json_object_set_new(c->out, "scan_ratio_c16", json_null());
  json_object_set_new(c->out, "intake_orders_per_s", json_null());
  json_object_set_new(c->out, "pgbench_intake_tps_c16", json_null());
  json_object_set_new(c->out, "intake_ratio", json_null());
  json_object_set_new(c->out, "intake_cost_per_order",
                      json_pack("{s:n, s:n}", "http", "pgbench"));
  json_object_set_new(c->out, "wave_10k_s", json_null());
  json_object_set_new(c->out, "dashboard_p50_ms",
                      json_pack("{s:n, s:n, s:n}", "10k", "100k", "1m"));
  json_object_set_new(c->out, "dashboard_orders", json_object());
  json_object_set_new(c->out, "reports_p50_ms",
                      json_pack("{s:n, s:n, s:n}", "10k", "100k", "1m"));
  json_object_set_new(c->out, "stock_lookup_p50_ms", json_object());
  json_object_set_new(c->out, "stock_lookup_orders", json_object());
  json_object_set_new(c->out, "export_1m_rows_s", json_null());
  json_object_set_new(c->out, "export", json_object());
  json_object_set_new(c->out, "customer_search_phone_p50_ms", json_object());
  json_object_set_new(c->out, "rss_mib", json_object());
  json_object_set_new(c->out, "pick_path", json_null());
  json_object_set_new(c->out, "http_auth_get", json_null());
  json_object_set_new(c->out, "http_hello_get", json_null());
  json_object_set_new(c->out, "http_auth_get_ratio", json_null());
  json_object_set_new(c->out, "order_to_ship", json_null());
}

static bool
run_phases(struct bench_ctx *c)
{
  double c16 = 0;
  static const char *const sizes[] = {"10k", "100k", "1m"};
  /* BENCH_ONLY=intake: the intake, its wave and its pgbench ceiling
   * alone (a quick look at one change; not a full figure set). */
  const char *only = getenv("BENCH_ONLY");
  if (only != NULL && strcmp(only, "intake") == 0) {
    bool ok = bench_setup_catalog(c);
    PQclear(PQexec(c->pg, "ANALYZE"));
    return ok && phase_intake_wave(c);
  }
  if (!bench_setup_catalog(c) ||
      !bench_setup_pickers(c, "hh", BENCH_HANDHELDS, handheld_tokens, NULL))
    return false;
  json_object_set_new(json_object_get(c->out, "rss_mib"), "idle",
                      json_real(bench_mem_rss_mib(c->server_pid)));
  /* A catalog made a second ago has no planner statistics until
   * autovacuum gets to it (a minute or more); without them PostgreSQL
   * walks every bin of the warehouse per reservation. A live system has
   * them; the benchmark measures that steady state. */
  PQclear(PQexec(c->pg, "ANALYZE"));
  /* BENCH_ONLY=auth (make bench QUICK=1 BENCH_ONLY=auth): the auth/me
   * phase alone, for measuring the session check before and after a
   * change in a minute; every other figure stays null. */
  if (only != NULL && strcmp(only, "auth") == 0)
    return bench_auth_run(c, handheld_tokens);
  /* BENCH_ONLY=ship: order to ship alone, for profiling that phase. */
  if (only != NULL && strcmp(only, "ship") == 0)
    return bench_ship_run(c, handheld_tokens);
  /* Order to ship before any other wave: its pickers take W1's oldest
   * open list, which must be one of its own. */
  if (!bench_pickpath_run(c) || !bench_auth_run(c, handheld_tokens) ||
      !bench_ship_run(c, handheld_tokens) || !phase_intake_wave(c))
    return false;
  /* The 10k lookup as soon as the database holds 10k orders (after the
   * full run's intake); a quick run gets there only at the end. */
  bool early = c->plan.intake_orders >= c->plan.lookup_sizes[0];
  if ((early && !phase_lookup(c, c->plan.lookup_sizes[0], sizes[0])) ||
      !phase_scans(c, &c16) || !phase_pgbench(c, c16) || !phase_memory(c))
    return false;
  for (unsigned i = early ? 1 : 0; i < 3; i++) {
    if (c->plan.lookup_sizes[i] > 0 &&
        !phase_lookup(c, c->plan.lookup_sizes[i], sizes[i]))
      return false;
  }
  return true;
}

int
main(int argc, char **argv)
{
  struct bench_ctx c = {0};
  struct args a = {0};
  if (!parse_args(argc, argv, &c, &a))
    return 2;
  started = bench_http_now();
  /* 2,000 sockets of the memory phase, and the load's, need the room. */
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    (void)setrlimit(RLIMIT_NOFILE, &rl);
  }
  c.plan = a.quick ? quick_plan : full_plan;
  if (!a.quick && getenv("BENCH_NO_1M") != NULL)
    c.plan.lookup_sizes[2] = 0;
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
    return 1;
  c.pg = PQconnectdb(c.db_url);
  c.pg2 = PQconnectdb(c.db_url);
  if (PQstatus(c.pg) != CONNECTION_OK || PQstatus(c.pg2) != CONNECTION_OK) {
    bench_fail("database: %s", PQerrorMessage(c.pg));
    return 1;
  }
  out_skeleton(&c);
  double t0 = bench_http_now();
  bench_report_load(&c, "loadavg_start");
  a.cluster.haproxy_port = c.target.port;
  bool cluster = a.cluster.dir != NULL;
  bool ok = admin_login(&c, a.admin) &&
            (cluster ? bench_cluster_run(&c, &a.cluster, handheld_tokens)
                     : run_phases(&c));
  bench_report_load(&c, "loadavg_end");
  json_object_set_new(c.out, "bench_wall_s", json_real(bench_http_now() - t0));
  if (ok)
    ok = cluster ? bench_cluster_write(&c, a.out)
                 : bench_report_write(&c, a.out);
  json_decref(c.out);
  PQfinish(c.pg);
  PQfinish(c.pg2);
  bench_http_close();
  curl_global_cleanup();
  return ok ? 0 : 1;
}
