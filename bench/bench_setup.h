#ifndef BENCH_SETUP_H
#define BENCH_SETUP_H

/* The business the benchmark runs on, made through the HTTP API. */

#include "bench.h"

/**
 * Warehouse W1, pick zone P, BENCH_SKUS bins A-01..T-20, SKUs
 * SKU-00001.. with barcodes BC-00001.. (SKU i in the i-th bin with ample
 * stock), and the stores WAVE and SCAN of W1.
 * @return false (logged) on any refusal
 */
bool bench_setup_catalog(struct bench_ctx *c);

/**
 * Creates @a n picker accounts of W1 named @a prefix00.. with
 * `depot user add` and logs each in.
 * @param[out] tokens n bearer tokens of BENCH_TOKEN_MAX bytes each
 * @param[out] ids    the accounts' user ids, or NULL
 */
/** Makes packing station @a code in the bench's warehouse W1. */
bool bench_setup_station(struct bench_ctx *c, const char *code);

bool bench_setup_pickers(struct bench_ctx *c, const char *prefix, unsigned n,
                         char (*tokens)[BENCH_TOKEN_MAX], int64_t *ids);

/**
 * Makes the totes up to T<order id> exist for every order so far: each
 * order gets the tote named after its id (T + 8 digits).
 */
bool bench_setup_totes(struct bench_ctx *c);

/** Makes the totes up to T<@a top> exist (bench_setup_totes's names). */
bool bench_setup_totes_upto(struct bench_ctx *c, int64_t top);

/**
 * What packing and shipping need: carrier BEXP (a 9-digit tracking range
 * of its own, a domestic rate), carton type BOX-B (BENCH_CARTON_TARE_G),
 * store @a store of W1 shipping with BEXP, and packing station
 * BENCH-SHIP (no printer).
 */
bool bench_setup_shipping(struct bench_ctx *c, const char *store);

/**
 * The tote code of order @a order_id, as bench_setup_totes names them.
 * @param[out] out at least 16 bytes
 */
void bench_setup_tote_code(int64_t order_id, char *out, size_t len);

/**
 * One value of a one-row query with parameters (libpq).
 * @return the value as a number, or -1 (logged) on failure
 */
int64_t bench_setup_sql_int(struct bench_ctx *c, const char *sql, int n,
                            const char *const *params);

/*
 * Runs `depot demo seed --orders @a orders --skus @a skus --bins @a bins`
 * against the benchmark's cluster, its progress on stderr. Returns false
 * (printed) when it fails.
 */
bool bench_setup_scale(struct bench_ctx *c, unsigned orders, unsigned skus,
                       unsigned bins);

/*
 * Brings the customers to @a n (issue 20): buyers "Bench C <i>" with
 * phone 139<i as 8 digits> and email bc<i>@bench.example, inserted plain
 * in SQL, then sealed by `depot key seal` (blind indexes and ciphertext,
 * as the server holds them). Returns false (printed) on failure.
 */
bool bench_setup_customers(struct bench_ctx *c, unsigned n);

#endif
