#include "bench_pgbench.h"

#include "bench_orders.h"
#include "bench_setup.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * The server's own statement texts (core/db/core_db_touch_session.c and
 * core_db_insert_audit.c), so the script cannot drift from what a request
 * runs. core_db_auth_stmts.c declares them the same way.
 */
extern const char core_db_touch_session_sql[];
extern const char core_db_insert_audit_sql[];

/* wms/wms_wave.c's "picklist_scan" with its $1..$8 as pgbench variables;
 * the outer SELECT only reads the reply for the next scan, as a handheld
 * reads the JSON (bench_scan_next_code). */
static const char scan_sql[] =
    "SELECT coalesce(CASE j.d->>'action'"
    " WHEN 'scan_bin' THEN j.d->'task'->>'bin'"
    " WHEN 'scan_item' THEN 'BC-' || substr(j.d->'task'->>'sku', 5)"
    " WHEN 'scan_tote' THEN coalesce(j.d->'task'->>'tote',"
    "   'T' || lpad(j.d->'task'->>'order_id', 8, '0'))"
    " WHEN 'scan_item_or_tote' THEN coalesce(j.d->'task'->>'tote',"
    "   'T' || lpad(j.d->'task'->>'order_id', 8, '0'))"
    " END, :code) AS code,"
    " coalesce(CASE WHEN j.d->>'action' = 'scan_item'"
    "   THEN (j.d->'task'->>'remaining')::int END, 0) AS qty,"
    " CASE WHEN j.d->>'action' = 'done' THEN 1 ELSE 0 END AS done,"
    " coalesce(length(s.doc), 0) AS doclen"
    " FROM (SELECT out_error, out_field, out_detail, out_doc::text AS doc,"
    " out_replayed FROM wms_pick_scan(:list, :uid, :code, NULL, NULL,"
    " nullif(:qty, 0), :prefix || :client_id || '-' || :key,"
    " :prefix || :key)) s, LATERAL (SELECT s.doc::jsonb AS d) j";

static const char init_sql[] =
    "SELECT b.user_id AS uid, b.username AS uname, b.token AS tok,"
    " l.list_id AS list, l.first_bin AS code, 0 AS qty, 1 AS ready, l.k AS k"
    " FROM bench_pgb_client b JOIN bench_pgb_list l"
    " ON l.client_id = b.client_id AND l.k = :kbase + 1"
    " WHERE b.client_id = :client_id";

static const char next_list_sql[] =
    "SELECT list_id AS list, first_bin AS code, 0 AS qty FROM bench_pgb_list"
    " WHERE client_id = :client_id AND k = :k";

static unsigned lists_per_client;

static bool
write_script(struct bench_ctx *c, bool full, char *path, size_t len)
{
  snprintf(path, len, "%s/pick_scan_%s.sql", c->work_dir,
           full ? "same" : "only");
  FILE *f = fopen(path, "w");
  if (f == NULL)
    return bench_fail("%s: %s", path, strerror(errno));
  fprintf(f, "\\if :ready = 0\n%s \\gset\n\\endif\n", init_sql);
  fputs("\\set key random(1, 1000000000000)\n", f);
  static const char *const touch[] = {":tok", ":idle"};
  static const char *const audit[] = {
      "(:prefix || :key)",
      ":pkind",
      ":uname",
      ":role",
      ":method",
      ":route",
      "('/api/v1/picklists/' || :list || '/scan')",
      ":status",
      ":outcome",
      "NULL"}; /* at: now, as for a row written at once */
  /* As the server sends them: the session check and the audit row alone
   * (core_db_run_one), the scan in a transaction (core_proc_run). */
  if (full) {
    bench_pgbench_put_sql(f, core_db_touch_session_sql, touch, 2);
    fputs(";\n", f);
  }
  fprintf(f, "BEGIN;\n%s \\gset\nCOMMIT;\n", scan_sql);
  if (full) {
    bench_pgbench_put_sql(f, core_db_insert_audit_sql, audit, 10);
    fputs(";\n", f);
  }
  fprintf(f, "\\if :done = 1\n\\set k :k + 1\n%s \\gset\n\\endif\n",
          next_list_sql);
  return fclose(f) == 0;
}

/* Hands list @a list to client @a client (user @a name) as its @a k-th. */
static bool
give_list(struct bench_ctx *c, int64_t list, unsigned client, const char *name,
          unsigned k)
{
  char path[96], body[96], cl[16], kk[16], id[24];
  snprintf(path, sizeof path, "/api/v1/picklists/%lld/assign", (long long)list);
  snprintf(body, sizeof body, "{\"picker\":\"%s\"}", name);
  long st = bench_http_call(&c->target, c->admin_token, "POST", path, body,
                            NULL, NULL);
  if (st != 200)
    return bench_fail("assign %lld to %s: status %ld", (long long)list, name,
                      st);
  snprintf(cl, sizeof cl, "%u", client);
  snprintf(kk, sizeof kk, "%u", k);
  snprintf(id, sizeof id, "%lld", (long long)list);
  const char *p[] = {cl, kk, id};
  return bench_pgbench_exec_ok(
      c,
      "INSERT INTO bench_pgb_list (client_id, k, list_id,"
      " first_bin) VALUES ($1::int, $2::int, $3::bigint,"
      " wms_picklist_view($3::bigint)->'task'->>'bin')",
      3, p);
}

static bool
make_tables(struct bench_ctx *c)
{
  return bench_pgbench_exec_ok(
             c,
             "CREATE TABLE bench_pgb_client (client_id int PRIMARY KEY,"
             " user_id bigint NOT NULL, username text NOT NULL,"
             " token text NOT NULL)",
             0, NULL) &&
         bench_pgbench_exec_ok(
             c,
             "CREATE TABLE bench_pgb_list (client_id int, k int,"
             " list_id bigint NOT NULL, first_bin text NOT NULL,"
             " PRIMARY KEY (client_id, k))",
             0, NULL) &&
         bench_pgbench_exec_ok(
             c,
             "COMMENT ON TABLE bench_pgb_list IS 'benchmark only: the"
             " pick lists each pgbench client works, in order'",
             0, NULL);
}

/* Registers the clients and hands out the newest open lists in turn. */
static bool
assign_lists(struct bench_ctx *c, char (*tokens)[BENCH_TOKEN_MAX],
             const int64_t *ids, unsigned total)
{
  char lim[16];
  snprintf(lim, sizeof lim, "%u", total);
  const char *lp[] = {lim};
  PGresult *r = PQexecParams(c->pg,
                             "SELECT id FROM picklist WHERE state = 'open'"
                             " ORDER BY id DESC LIMIT $1::int",
                             1, NULL, lp, NULL, NULL, 0);
  bool ok =
      PQresultStatus(r) == PGRES_TUPLES_OK && (unsigned)PQntuples(r) == total;
  if (!ok)
    bench_fail("pgbench: want %u open lists, have %d", total, PQntuples(r));
  for (unsigned i = 0; ok && i < total; i++) {
    unsigned client = i % BENCH_PGB_CLIENTS;
    char name[16];
    snprintf(name, sizeof name, "pgb%02u", client);
    ok = give_list(c, strtoll(PQgetvalue(r, (int)i, 0), NULL, 10), client, name,
                   i / BENCH_PGB_CLIENTS + 1);
  }
  PQclear(r);
  for (unsigned i = 0; ok && i < BENCH_PGB_CLIENTS; i++) {
    char cl[16], uid[24], name[16];
    snprintf(cl, sizeof cl, "%u", i);
    snprintf(uid, sizeof uid, "%lld", (long long)ids[i]);
    snprintf(name, sizeof name, "pgb%02u", i);
    const char *p[] = {cl, uid, name, tokens[i]};
    ok = bench_pgbench_exec_ok(
        c,
        "INSERT INTO bench_pgb_client VALUES ($1::int, $2::bigint,"
        " $3, $4)",
        4, p);
  }
  return ok;
}

bool
bench_pgbench_prepare(struct bench_ctx *c, double est_tps, double secs,
                      unsigned runs)
{
  char tokens[BENCH_PGB_CLIENTS][BENCH_TOKEN_MAX];
  int64_t ids[BENCH_PGB_CLIENTS];
  if (!bench_setup_pickers(c, "pgb", BENCH_PGB_CLIENTS, tokens, ids))
    return false;
  /* A list of BENCH_WAVE_BATCH orders of 3 lines takes up to 3 scans a
   * task; half again as many lists as the estimate needs, per run. */
  double per_list = 3.0 * 3 * BENCH_WAVE_BATCH;
  lists_per_client =
      (unsigned)ceil(est_tps * secs / BENCH_PGB_CLIENTS / per_list * 1.5) + 2;
  unsigned total = runs * lists_per_client * BENCH_PGB_CLIENTS;
  bench_note("pgbench: %u lists per client per run (for %.0f scans/s)",
             lists_per_client, est_tps);
  return bench_orders_supply(c, total) && make_tables(c) &&
         assign_lists(c, tokens, ids, total);
}

/* Runs pgbench with @a argv, its output into @a out; returns its status. */
static int
spawn(char *const *argv, const char *out)
{
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
      _exit(126);
    dup2(fd, 1);
    dup2(fd, 2);
    close(fd);
    execvp(argv[0], argv);
    _exit(127);
  }
  int status = 0;
  while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (pid < 0 || !WIFEXITED(status))
    return -1;
  return WEXITSTATUS(status);
}

/* Reads pgbench's tps and average latency from its output file. */
static void
parse_output(const char *path, struct bench_pgbench_result *r)
{
  FILE *f = fopen(path, "r");
  char line[512];
  while (f != NULL && fgets(line, sizeof line, f) != NULL) {
    if (strncmp(line, "tps = ", 6) == 0)
      r->raw_tps = strtod(line + 6, NULL);
    else if (strncmp(line, "latency average = ", 18) == 0)
      r->latency_ms = strtod(line + 18, NULL);
    else if (strstr(line, "aborted") != NULL &&
             strstr(line, "aborted: 0 ") == NULL &&
             strstr(line, "aborted 0 ") == NULL)
      r->aborted = r->aborted || strstr(line, "client") != NULL;
  }
  if (f != NULL)
    fclose(f);
}

int
bench_pgbench_exec(char *const *argv, const char *out,
                   struct bench_pgbench_result *r)
{
  int rc = spawn(argv, out);
  *r = (struct bench_pgbench_result){0};
  parse_output(out, r);
  r->aborted = r->aborted || rc != 0;
  return rc;
}

static int64_t
count_scans(struct bench_ctx *c, const char *prefix)
{
  char like[16];
  snprintf(like, sizeof like, "%s%%", prefix);
  const char *p[] = {like};
  return bench_setup_sql_int(
      c, "SELECT count(*) FROM floor_scan WHERE idempotency_key LIKE $1", 1, p);
}

bool
bench_pgbench_run(struct bench_ctx *c, bool full, double secs,
                  struct bench_pgbench_result *r)
{
  char script[512], out[512], t[16], kbase[32], clients[16], prefix[16];
  if (!write_script(c, full, script, sizeof script))
    return false;
  snprintf(out, sizeof out, "%s/pgbench_%s.out", c->work_dir,
           full ? "same" : "only");
  snprintf(t, sizeof t, "%.0f", secs);
  snprintf(kbase, sizeof kbase, "kbase=%u", full ? 0 : lists_per_client);
  snprintf(clients, sizeof clients, "%d", BENCH_PGB_CLIENTS);
  snprintf(prefix, sizeof prefix, "prefix=%s", full ? "pgb-" : "pgs-");
  const char *bin = getenv("BENCH_PGBENCH");
  char *const argv[] = {(char *)(bin != NULL ? bin : "pgbench"),
                        "-n",
                        "-M",
                        "prepared",
                        "-f",
                        script,
                        "-c",
                        clients,
                        "-j",
                        "2",
                        "-T",
                        t,
                        "-D",
                        "ready=0",
                        "-D",
                        kbase,
                        "-D",
                        prefix,
                        "-D",
                        "idle=3600",
                        "-D",
                        "pkind=user",
                        "-D",
                        "role=picker",
                        "-D",
                        "method=POST",
                        "-D",
                        "route=/api/v1/picklists/{id}/scan",
                        "-D",
                        "status=200",
                        "-D",
                        "outcome=ok",
                        (char *)c->db_url,
                        NULL};
  int64_t before = count_scans(c, prefix + 7);
  int rc = bench_pgbench_exec(argv, out, r);
  int64_t after = count_scans(c, prefix + 7);
  r->scans_ok = (unsigned)(after - before);
  r->tps = r->scans_ok / secs;
  bench_note("pgbench %s: %u scans ok, %.1f/s (pgbench: %.1f tps, %.2f ms"
             " avg)%s; output in %s",
             full ? "same SQL" : "scan only", r->scans_ok, r->tps, r->raw_tps,
             r->latency_ms, r->aborted ? ", A CLIENT ABORTED" : "", out);
  return rc >= 0 && before >= 0 && after >= 0;
}

void
bench_pgbench_put_sql(FILE *f, const char *sql, const char *const *names, int n)
{
  for (const char *p = sql; *p != '\0'; p++) {
    int k = 0;
    const char *q = p + 1;
    while (*p == '$' && *q >= '0' && *q <= '9' && k < 100)
      k = k * 10 + (*q++ - '0');
    if (k >= 1 && k <= n) {
      fputs(names[k - 1], f);
      p = q - 1;
    } else {
      fputc(*p, f);
    }
  }
}

bool
bench_pgbench_exec_ok(struct bench_ctx *c, const char *sql, int n,
                      const char *const *p)
{
  PGresult *r = PQexecParams(c->pg, sql, n, NULL, p, NULL, NULL, 0);
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK ||
            PQresultStatus(r) == PGRES_TUPLES_OK;
  if (!ok)
    bench_fail("%.80s: %s", sql, PQresultErrorMessage(r));
  PQclear(r);
  return ok;
}
