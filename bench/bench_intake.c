#include "bench_intake.h"

#include "bench_orders.h"
#include "bench_pgbench.h"
#include "bench_setup.h"
#include "core_arena.h"
#include "core_json.h"
#include "core_pii.h"
#include "core_pii_doc.h"
#include "core_proc.h"
#include "web_order_input.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * The server's own statement texts: the session check (its own
 * transaction) and the audit row that rides with the intake's COMMIT
 * (core/db/core_db_insert_audit.c), so the script cannot drift from what
 * a request runs.
 */
extern const char core_db_touch_session_sql[];
extern const char core_db_insert_audit_ride_sql[];

/* The store the pgbench orders go to: made as the HTTP intake's WAVE, so
 * the waves of WAVE never take them. */
static const char pgb_store[] = "PGBI";

static double
num_at(PGresult *r, int col)
{
  return PQgetisnull(r, 0, col) ? 0 : strtod(PQgetvalue(r, 0, col), NULL);
}

bool
bench_intake_mark(struct bench_ctx *c, const char *store,
                  struct bench_intake_mark *m)
{
  /* Backends report their counters when idle, at most once a second. */
  usleep(1500 * 1000);
  const char *p[] = {store};
  PGresult *r = PQexecParams(
      c->pg,
      "SELECT w.wal_records, w.wal_bytes, w.wal_write, w.wal_sync,"
      " (SELECT xact_commit FROM pg_stat_database"
      "   WHERE datname = current_database()),"
      " (SELECT count(*) FROM sales_order o JOIN store s ON s.id = o.store_id"
      "   WHERE s.code = $1)"
      " FROM pg_stat_wal w",
      1, NULL, p, NULL, NULL, 0);
  bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
  if (ok) {
    *m = (struct bench_intake_mark){
        .wal_records = num_at(r, 0),
        .wal_bytes = num_at(r, 1),
        .wal_write = num_at(r, 2),
        .wal_sync = num_at(r, 3),
        .xact_commit = num_at(r, 4),
        .orders = (int64_t)num_at(r, 5),
    };
  } else {
    bench_fail("intake counters: %s", PQresultErrorMessage(r));
  }
  PQclear(r);
  pid_t pm = ok ? bench_cpu_postmaster(c) : -1;
  return ok && pm > 0 && bench_cpu_read(c, pm, &m->cpu);
}

json_t *
bench_intake_cost(const struct bench_intake_mark *a,
                  const struct bench_intake_mark *b)
{
  double n = (double)(b->orders - a->orders);
  if (n <= 0)
    return json_null();
  return json_pack("{s:I, s:f, s:f, s:f, s:f, s:f, s:f, s:f}", "orders",
                   (json_int_t)(b->orders - a->orders), "commits",
                   (b->xact_commit - a->xact_commit) / n, "wal_records",
                   (b->wal_records - a->wal_records) / n, "wal_bytes",
                   (b->wal_bytes - a->wal_bytes) / n, "wal_writes",
                   (b->wal_write - a->wal_write) / n, "wal_fsyncs",
                   (b->wal_sync - a->wal_sync) / n, "cpu_ms_server",
                   (b->cpu.server - a->cpu.server) * 1000 / n, "cpu_ms_db",
                   (b->cpu.db - a->cpu.db) * 1000 / n);
}

/* The sealed document of order @a k as the server sends it to SQL:
 * web_orders_post.c's steps, on the body the HTTP phase posts. */
static const char *
sealed_doc(unsigned k, struct core_arena *arena)
{
  char body[2048];
  bench_orders_body(pgb_store, 'P', k, body, sizeof body);
  json_t *in = json_loads(body, 0, NULL);
  const char *store = NULL, *sealed = NULL;
  json_t *doc = NULL;
  struct core_json_error err;
  bool ok = in != NULL &&
            web_order_input_api(in, arena, &store, &doc, &err) == CORE_EC_OK;
  json_decref(in);
  char *text = ok ? json_dumps(doc, JSON_COMPACT) : NULL;
  json_decref(doc);
  if (text != NULL && core_pii_seal_intake(text, arena, &sealed) != CORE_EC_OK)
    sealed = NULL;
  free(text);
  return sealed;
}

/* Inserts the sealed documents of orders @a from..@a to as rows k. */
static bool
insert_docs(struct bench_ctx *c, unsigned from, unsigned to)
{
  struct core_arena *arena = core_arena_new();
  json_t *docs = json_array();
  bool ok = true;
  for (unsigned k = from; ok && k <= to; k++) {
    const char *d = sealed_doc(k, arena);
    ok = d != NULL ? true : bench_fail("pgbench intake: cannot seal %u", k);
    if (ok)
      json_array_append_new(docs, json_string(d));
  }
  char *text = ok ? json_dumps(docs, JSON_COMPACT) : NULL;
  char first[16];
  snprintf(first, sizeof first, "%u", from);
  const char *p[] = {text, first};
  ok = ok && bench_pgbench_exec_ok(c,
                                   "INSERT INTO bench_pgb_intake (k, doc)"
                                   " SELECT $2::int + d.n - 1, d.doc"
                                   " FROM json_array_elements_text($1::json)"
                                   " WITH ORDINALITY AS d(doc, n)",
                                   2, p);
  free(text);
  json_decref(docs);
  core_arena_free(arena);
  return ok;
}

/* The store, the keyring, the table of @a total sealed documents and the
 * admin's token for the clients' first run. */
static bool
prepare(struct bench_ctx *c, unsigned total)
{
  char body[256];
  snprintf(body, sizeof body,
           "{\"code\":\"%s\",\"name\":\"bench %s\",\"channel\":\"api\","
           "\"warehouse\":\"W1\",\"currency\":\"CNY\"}",
           pgb_store, pgb_store);
  long st = bench_http_call(&c->target, c->admin_token, "POST",
                            "/api/v1/stores", body, NULL, NULL);
  if (st != 201)
    return bench_fail("pgbench intake: store %s: status %ld", pgb_store, st);
  /* The server's keyring (bench/run.sh: the data dir is the work dir). */
  char *key = core_pii_default_path(getenv("DEPOT_KEY_FILE"), c->work_dir);
  enum core_ec ec = core_pii_open(key, false);
  free(key);
  if (ec != CORE_EC_OK)
    return bench_fail("pgbench intake: cannot open the key file: %s",
                      core_ec_name(ec));
  const char *p[] = {c->admin_token};
  bool ok =
      bench_pgbench_exec_ok(c,
                            "CREATE TABLE bench_pgb_intake (k int PRIMARY KEY,"
                            " doc text NOT NULL)",
                            0, NULL) &&
      bench_pgbench_exec_ok(
          c,
          "COMMENT ON TABLE bench_pgb_intake IS 'benchmark only:"
          " the sealed order documents pgbench takes in, by k'",
          0, NULL) &&
      bench_pgbench_exec_ok(
          c, "CREATE TABLE bench_pgb_token (token text NOT NULL)", 0, NULL) &&
      bench_pgbench_exec_ok(
          c,
          "COMMENT ON TABLE bench_pgb_token IS 'benchmark only:"
          " the session the pgbench intake clients use'",
          0, NULL) &&
      bench_pgbench_exec_ok(c, "INSERT INTO bench_pgb_token VALUES ($1)", 1, p);
  for (unsigned k = 1; ok && k <= total; k += 500)
    ok = insert_docs(c, k, k + 499 < total ? k + 499 : total);
  return ok && bench_pgbench_exec_ok(c, "ANALYZE bench_pgb_intake", 0, NULL);
}

/*
 * The script: document k = client * per + n, then what one POST sends
 * (core_db.c): the session check alone; BEGIN and the intake call in one
 * round trip (a pipeline); the audit row and COMMIT in another.
 */
static bool
write_script(struct bench_ctx *c, char *path, size_t len)
{
  snprintf(path, len, "%s/intake_same.sql", c->work_dir);
  FILE *f = fopen(path, "w");
  if (f == NULL)
    return bench_fail("%s: %s", path, strerror(errno));
  fputs("\\if :ready = 0\nSELECT token AS tok, 1 AS ready FROM"
        " bench_pgb_token \\gset\n\\endif\n"
        "\\set k :client_id * :per + :n\n\\set n :n + 1\n",
        f);
  static const char *const touch[] = {":tok", ":idle"};
  bench_pgbench_put_sql(f, core_db_touch_session_sql, touch, 2);
  fputs(" \\gset\n\\startpipeline\nBEGIN;\n" CORE_PROC_SELECT
        "order_op_intake(:store, (SELECT doc FROM bench_pgb_intake"
        " WHERE k = :k)::jsonb, :user_id, :prefix || :k);\n"
        "\\endpipeline\n\\startpipeline\n",
        f);
  static const char *const audit[] = {
      "(:prefix || :k)",  "'user'",           ":username", ":role", "'POST'",
      "'/api/v1/orders'", "'/api/v1/orders'", "'200'",     "'ok'"};
  bench_pgbench_put_sql(f, core_db_insert_audit_ride_sql, audit, 9);
  fputs(";\nCOMMIT;\n\\endpipeline\n", f);
  return fclose(f) == 0;
}

static int64_t
allocated(struct bench_ctx *c)
{
  const char *p[] = {pgb_store};
  return bench_setup_sql_int(
      c,
      "SELECT count(*) FROM sales_order o JOIN store s ON s.id = o.store_id"
      " WHERE s.code = $1 AND o.state = 'allocated'",
      1, p);
}

bool
bench_intake_pgbench(struct bench_ctx *c, double est_per_s, double secs,
                     struct bench_intake_result *r)
{
  *r = (struct bench_intake_result){0};
  unsigned per = (unsigned)(est_per_s * secs * 1.5 / BENCH_PGB_CLIENTS) + 20;
  unsigned total = per * BENCH_PGB_CLIENTS;
  char script[512], out[512], t[16], dper[32], clients[16];
  bench_note("pgbench intake: sealing %u documents (for %.0f orders/s)", total,
             est_per_s);
  if (!prepare(c, total) || !write_script(c, script, sizeof script))
    return false;
  snprintf(out, sizeof out, "%s/pgbench_intake.out", c->work_dir);
  snprintf(t, sizeof t, "%.0f", secs);
  snprintf(dper, sizeof dper, "per=%u", per);
  snprintf(clients, sizeof clients, "%d", BENCH_PGB_CLIENTS);
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
                        "n=1",
                        "-D",
                        dper,
                        "-D",
                        "idle=3600",
                        "-D",
                        "store=PGBI",
                        "-D",
                        "prefix=pgbi-",
                        (char *)c->db_url,
                        NULL};
  struct bench_intake_mark m0, m1;
  int64_t before = allocated(c);
  if (before < 0 || !bench_intake_mark(c, pgb_store, &m0))
    return false;
  struct bench_pgbench_result pr;
  int rc = bench_pgbench_exec(argv, out, &pr);
  int64_t after = allocated(c);
  if (after < 0 || !bench_intake_mark(c, pgb_store, &m1))
    return false;
  r->orders = (unsigned)(after - before);
  r->tps = r->orders / secs;
  r->raw_tps = pr.raw_tps;
  r->latency_ms = pr.latency_ms;
  r->aborted = pr.aborted;
  r->cost = bench_intake_cost(&m0, &m1);
  bench_note("pgbench intake: %u orders allocated, %.1f/s (pgbench: %.1f tps,"
             " %.2f ms avg)%s; output in %s",
             r->orders, r->tps, pr.raw_tps, pr.latency_ms,
             pr.aborted ? ", A CLIENT ABORTED" : "", out);
  return rc >= 0;
}
