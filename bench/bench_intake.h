#ifndef BENCH_INTAKE_H
#define BENCH_INTAKE_H

/*
 * The intake's database ceiling (issue 26 item 2): pgbench runs the
 * statements one POST /api/v1/orders sends, with the document the server
 * would send (built by the handler's own input code and sealed by the
 * server's own PII code), straight against the database at 16 clients;
 * and what one order costs the database (commits, WAL, fsyncs, CPU).
 */

#include "bench.h"
#include "bench_cpu.h"

/* Database counters read at one moment (pg_stat_wal, pg_stat_database,
 * /proc), for figures per order. */
struct bench_intake_mark {
  double wal_records, wal_bytes, wal_write, wal_sync; /* pg_stat_wal */
  double xact_commit;                                 /* this database */
  int64_t orders; /* sales_order rows of the store */
  struct bench_cpu cpu;
};

/**
 * Reads the counters of @a store's orders into @a m.
 * @return false (logged) when a query or /proc fails
 */
bool bench_intake_mark(struct bench_ctx *c, const char *store,
                       struct bench_intake_mark *m);

/**
 * The cost per order between @a a and @a b (commits, WAL records, bytes,
 * writes, fsyncs, server and database CPU ms) as a JSON object (new
 * reference), with "orders" the orders made in between.
 */
json_t *bench_intake_cost(const struct bench_intake_mark *a,
                          const struct bench_intake_mark *b);

/* What the pgbench intake run measured. */
struct bench_intake_result {
  double tps;        /* orders allocated per second of the run */
  double raw_tps;    /* pgbench's own figure */
  double latency_ms; /* pgbench's average latency of one script run */
  unsigned orders;   /* allocated orders the run made */
  bool aborted;      /* a client stopped (out of documents, an error) */
  json_t *cost;      /* bench_intake_cost of the run, owned */
};

/**
 * Makes store PGBI (as the HTTP intake's store), seals enough order
 * documents for @a est_per_s orders a second over @a secs, runs pgbench
 * with the intake's statements at BENCH_PGB_CLIENTS clients for @a secs
 * and counts the orders it allocated.
 * @param[out] r the figures; r->cost is the caller's (json_decref)
 * @return false (logged) when the setup or pgbench could not run
 */
bool bench_intake_pgbench(struct bench_ctx *c, double est_per_s, double secs,
                          struct bench_intake_result *r);

#endif
