#ifndef BENCH_PGBENCH_H
#define BENCH_PGBENCH_H

/*
 * The database ceiling: pgbench runs the SQL a scan confirmation runs,
 * straight against the server's database, with no HTTP in between.
 */

#include "bench.h"

#include <stdio.h>

/* What one pgbench run measured. */
struct bench_pgbench_result {
  double tps;        /* scans that succeeded (rows in floor_scan) per s */
  double raw_tps;    /* pgbench's own figure: every script run */
  double latency_ms; /* pgbench's average latency of one script run */
  unsigned scans_ok;
  bool aborted; /* a client stopped (for instance, out of lists) */
};

/**
 * Creates BENCH_PGB_CLIENTS picker accounts, gives each its own fresh
 * pick lists (enough for @a est_tps scans per second over @a runs runs
 * of @a secs), and writes the two pgbench scripts to the work dir.
 */
bool bench_pgbench_prepare(struct bench_ctx *c, double est_tps, double secs,
                           unsigned runs);

/**
 * Runs pgbench with @a full: the three transactions one HTTP scan makes
 * (session touch, wms_pick_scan, audit row), or only the wms_pick_scan
 * transaction.
 */
bool bench_pgbench_run(struct bench_ctx *c, bool full, double secs,
                       struct bench_pgbench_result *r);

/**
 * Runs pgbench with @a argv (NULL-terminated), its output into the file
 * @a out, and reads pgbench's own figures from it into @a r (raw_tps,
 * latency_ms, aborted; the rest zero).
 * @return pgbench's exit status, -1 when it could not run
 */
int bench_pgbench_exec(char *const *argv, const char *out,
                       struct bench_pgbench_result *r);

/**
 * Copies @a sql into @a f with $1..$n replaced by @a names[0..n-1]
 * (pgbench variables such as ":tok"): a script sends the server's own
 * statements.
 */
void bench_pgbench_put_sql(FILE *f, const char *sql, const char *const *names,
                           int n);

/**
 * Runs @a sql with the @a n parameters @a p on the bench's connection.
 * @return true if it succeeded; false after bench_fail
 */
bool bench_pgbench_exec_ok(struct bench_ctx *c, const char *sql, int n,
                           const char *const *p);

#endif
