#ifndef BENCH_H
#define BENCH_H

/*
 * The benchmark's shared state: the server under test, the database
 * behind it, the sizes of this run and the figures measured so far.
 */

#include "bench_http.h"

#include <jansson.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

enum {
  BENCH_SKUS = 400,     /* one pick bin each: aisles A-T x racks 1-20 */
  BENCH_HANDHELDS = 64, /* picker accounts for the HTTP scan phases */
  BENCH_PGB_CLIENTS = 16,
  BENCH_WAVE_BATCH = 10,     /* orders per pick list */
  BENCH_SKU_G = 500,         /* what one unit of every bench SKU weighs */
  BENCH_CARTON_TARE_G = 100, /* the bench's carton type BOX-B, empty */
};

/* Sizes and durations of one run (quick or full). */
struct bench_plan {
  bool quick;
  unsigned intake_orders; /* through POST /api/v1/orders, then waved */
  unsigned intake_clients;
  double scan_warm_s; /* per scan phase */
  double scan_s[3];   /* c1, c16, c64 */
  double open_s;      /* the open loop at one scan per handheld a second */
  double pgbench_s;
  double http_s;            /* auth/me and the hello, each */
  unsigned ship_orders;     /* order to ship, end to end */
  bool pgbench_only;        /* also run pgbench on the scan call alone */
  unsigned lookup_sizes[3]; /* orders in the database for stock lookups */
  unsigned lookup_n;        /* lookups per size */
  unsigned scale_skus;      /* `depot demo seed --skus` for the lookups */
  unsigned scale_bins;      /* and --bins */
};

struct bench_ctx {
  struct bench_target target;
  struct bench_plan plan;
  pid_t server_pid;
  struct bench_target hello; /* depot_bench_hello (bench_hello.c) */
  pid_t hello_pid;
  const char *depot;    /* the depot binary */
  const char *db_url;   /* libpq conninfo of the server's database */
  const char *work_dir; /* scratch files (pgbench script) */
  char admin_token[BENCH_TOKEN_MAX];
  PGconn *pg;         /* bulk data and checks, owned */
  PGconn *pg2;        /* a second one for seeding, owned */
  int64_t totes_upto; /* totes T00000001..this exist */
  unsigned seeded;    /* orders generated in SQL so far */
  json_t *out;        /* latest.json being built, owned */
};

/** Logs a failure and returns false, for one-line `return bench_fail(…)`. */
bool bench_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** Progress on stderr (one line). */
void bench_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
