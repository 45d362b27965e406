#include "bench_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The value after "key:" on the first line of @a file starting with it. */
static bool
proc_field(const char *file, const char *key, char *out, size_t len)
{
  FILE *f = fopen(file, "r");
  char line[512];
  size_t kl = strlen(key);
  bool found = false;
  while (!found && f != NULL && fgets(line, sizeof line, f) != NULL) {
    if (strncmp(line, key, kl) != 0)
      continue;
    const char *v = strchr(line, ':');
    if (v == NULL)
      continue;
    v++;
    while (*v == ' ' || *v == '\t')
      v++;
    snprintf(out, len, "%s", v);
    out[strcspn(out, "\n")] = '\0';
    found = true;
  }
  if (f != NULL)
    fclose(f);
  return found;
}

void
bench_report_load(struct bench_ctx *c, const char *key)
{
  char line[128] = "";
  FILE *f = fopen("/proc/loadavg", "r");
  if (f != NULL && fgets(line, sizeof line, f) != NULL)
    line[strcspn(line, "\n")] = '\0';
  if (f != NULL)
    fclose(f);
  json_object_set_new(json_object_get(c->out, "machine"), key,
                      json_string(line));
}

void
bench_report_machine(struct bench_ctx *c)
{
  char cpu[256] = "unknown", mem[64] = "0";
  proc_field("/proc/cpuinfo", "model name", cpu, sizeof cpu);
  proc_field("/proc/meminfo", "MemTotal", mem, sizeof mem);
  char ram[32];
  snprintf(ram, sizeof ram, "%.1f GiB", strtod(mem, NULL) / 1024 / 1024);
  json_object_set_new(c->out, "machine",
                      json_pack("{s:I, s:s, s:s}", "cores",
                                (json_int_t)sysconf(_SC_NPROCESSORS_ONLN),
                                "cpu", cpu, "ram", ram));
}

/* A number of c->out at @a a (then @a b, @a c inside), or NaN. */
static double
num(const json_t *root, const char *a, const char *b, const char *k)
{
  const json_t *v = json_object_get(root, a);
  if (b != NULL)
    v = json_object_get(v, b);
  if (k != NULL)
    v = json_object_get(v, k);
  return json_is_number(v) ? json_number_value(v) : __builtin_nan("");
}

static void
row(const char *what, double v, const char *unit, const char *target)
{
  if (v != v)
    printf("| %-38s | %12s | %-6s | %-14s |\n", what, "n/a", unit, target);
  else
    printf("| %-38s | %12.2f | %-6s | %-14s |\n", what, v, unit, target);
}

static void
print_table(const json_t *o)
{
  printf("| %-38s | %12s | %-6s | %-14s |\n", "figure", "value", "unit",
         "target (#10)");
  printf("|%s|%s|%s|%s|\n", "----------------------------------------",
         "--------------", "--------", "----------------");
  static const char *const cs[] = {"c1", "c16", "c64"};
  for (int i = 0; i < 3; i++) {
    char what[64];
    snprintf(what, sizeof what, "scan %s tps", cs[i]);
    row(what, num(o, "scan", cs[i], "tps"), "1/s", "");
    snprintf(what, sizeof what, "scan %s p50", cs[i]);
    row(what, num(o, "scan", cs[i], "p50_ms"), "ms", "");
    snprintf(what, sizeof what, "scan %s p99", cs[i]);
    row(what, num(o, "scan", cs[i], "p99_ms"), "ms", "");
  }
  /* The floor's target is at a picker's pace, not at saturation. */
  row("scan max tps (c64)", num(o, "scan", "max_tps", NULL), "1/s", "");
  row("scan open64 offered", num(o, "scan", "open64", "offered_per_s"), "1/s",
      "");
  row("scan open64 tps", num(o, "scan", "open64", "tps"), "1/s", "");
  row("scan open64 p50", num(o, "scan", "open64", "p50_ms"), "ms", "");
  row("scan open64 p99", num(o, "scan", "open64", "p99_ms"), "ms", "<= 20");
  row("scan open64 p99.9", num(o, "scan", "open64", "p999_ms"), "ms", "<= 50");
  row("pgbench same SQL c16", num(o, "pgbench_same_sql_tps_c16", NULL, NULL),
      "1/s", "");
  row("pgbench scan call only c16",
      num(o, "pgbench_scan_only_tps_c16", NULL, NULL), "1/s", "");
  row("scan ratio c16", num(o, "scan_ratio_c16", NULL, NULL), "", ">= 0.6");
  row("intake", num(o, "intake_orders_per_s", NULL, NULL), "1/s", ">= 1000");
  row("pgbench intake SQL c16", num(o, "pgbench_intake_tps_c16", NULL, NULL),
      "1/s", "");
  row("intake ratio c16", num(o, "intake_ratio", NULL, NULL), "", ">= 0.8");
  row("wave 10k orders", num(o, "wave_10k_s", NULL, NULL), "s", "<= 2");
  row("wave 1k orders (quick run)", num(o, "wave_1k_s", NULL, NULL), "s", "");
  static const char *const sz[] = {"10k", "100k", "1m"};
  for (int i = 0; i < 3; i++) {
    char what[64];
    snprintf(what, sizeof what, "stock lookup p50 at %s orders", sz[i]);
    row(what, num(o, "stock_lookup_p50_ms", sz[i], NULL), "ms", "");
  }
  for (int i = 0; i < 3; i++) {
    char what[64];
    snprintf(what, sizeof what, "dashboard p50 at %s orders", sz[i]);
    row(what, num(o, "dashboard_p50_ms", sz[i], NULL), "ms",
        i == 0 ? "" : "<= 2x the 10k figure");
  }
  static const char *const reports[] = {
      "stock-movement", "inventory", "inventory-bin", "sales",
      "sales-segment",  "returns",   "aging",         "expiry",
      "purchasing",     "staff",     "fulfilment",    "feedback",
      "margin"};
  for (int i = 0; i < 3; i++) {
    for (size_t k = 0; k < sizeof reports / sizeof reports[0]; k++) {
      char what[80];
      snprintf(what, sizeof what, "report %s p50 at %s orders", reports[k],
               sz[i]);
      row(what, num(o, "reports_p50_ms", sz[i], reports[k]), "ms", "<= 1000");
    }
  }
  for (int i = 0; i < 3; i++) {
    char what[64];
    snprintf(what, sizeof what, "customer search by phone at %s", sz[i]);
    row(what, num(o, "customer_search_phone_p50_ms", sz[i], NULL), "ms",
        i == 2 ? "<= 2" : "");
    snprintf(what, sizeof what, "order export at %s orders", sz[i]);
    row(what, num(o, "export", sz[i], "seconds"), "s", "");
    snprintf(what, sizeof what, "  its RSS growth over idle");
    row(what, num(o, "export", sz[i], "rss_growth_mib"), "MiB", "<= 64");
  }
  row("RSS idle", num(o, "rss_mib", "idle", NULL), "MiB", "<= 64");
  row("RSS 500 keep-alive connections", num(o, "rss_mib", "conn500", NULL),
      "MiB", "<= 64");
  row("  KiB per connection (500)", num(o, "rss_mib", "kib_per_conn500", NULL),
      "KiB", "");
  row("RSS 2000 keep-alive connections", num(o, "rss_mib", "conn2000", NULL),
      "MiB", "");
  row("  KiB per connection (2000)",
      num(o, "rss_mib", "kib_per_conn2000", NULL), "KiB", "");
  row("RSS 200 station event streams", num(o, "rss_mib", "sse200", NULL), "MiB",
      "");
  row("  KiB per stream", num(o, "rss_mib", "kib_per_stream", NULL), "KiB", "");
  /* Pick paths (issue 24 item 7): metres over the 1,000 lists. */
  static const char *const ms[] = {"sequence", "s_shape", "largest_gap",
                                   "optimal"};
  for (int i = 0; i < 4; i++) {
    char what[64];
    snprintf(what, sizeof what, "pick path %s", ms[i]);
    row(what, num(o, "pick_path", "metres", ms[i]), "m", "");
    snprintf(what, sizeof what, "  after slotting");
    row(what, num(o, "pick_path", "metres_after_slotting", ms[i]), "m", "");
  }
  row("pick path optimal vs sequence",
      num(o, "pick_path", "optimal_shorter_than_sequence_pct", NULL), "%",
      ">= 15 shorter");
  /* Issue 26 items 4 and 3. */
  row("GET auth/me c16", num(o, "http_auth_get", "rps", NULL), "1/s", "");
  row("  p50", num(o, "http_auth_get", "p50_ms", NULL), "ms", "");
  row("  p99", num(o, "http_auth_get", "p99_ms", NULL), "ms", "");
  row("GET / bare libmicrohttpd c16", num(o, "http_hello_get", "rps", NULL),
      "1/s", "");
  row("  p50", num(o, "http_hello_get", "p50_ms", NULL), "ms", "");
  row("  p99", num(o, "http_hello_get", "p99_ms", NULL), "ms", "");
  row("auth/me / hello ratio", num(o, "http_auth_get_ratio", NULL, NULL), "",
      ">= 0.8");
  row("order to ship, 16 workers", num(o, "order_to_ship", "per_s", NULL),
      "1/s", ">= 100");
  row("  orders", num(o, "order_to_ship", "orders", NULL), "", "");
  row("  seconds", num(o, "order_to_ship", "seconds", NULL), "s", "");
  row("  errors", num(o, "order_to_ship", "errors", NULL), "", "0");
  row("  CPU per order: server",
      num(o, "order_to_ship", "cpu_s_per_order", "server") * 1000, "ms", "");
  row("  CPU per order: database",
      num(o, "order_to_ship", "cpu_s_per_order", "db") * 1000, "ms", "");
  row("  CPU per order: total",
      num(o, "order_to_ship", "cpu_s_per_order", "total") * 1000, "ms", "");
  row("  CPU per order: whole cluster",
      num(o, "order_to_ship", "cpu_s_per_order", "db_cluster") * 1000, "ms",
      "");
}

bool
bench_report_write(struct bench_ctx *c, const char *path)
{
  print_table(c->out);
  if (json_dump_file(c->out, path,
                     JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                         JSON_REAL_PRECISION(6)) != 0)
    return bench_fail("cannot write %s", path);
  fprintf(stderr, "bench: wrote %s\n", path);
  return true;
}
