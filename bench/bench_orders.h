#ifndef BENCH_ORDERS_H
#define BENCH_ORDERS_H

/* Orders: intake over HTTP (measured), bulk generation in SQL, waves. */

#include "bench.h"

/**
 * The API body of order @a k of @a store (external id @a prefix and @a k
 * in 7 digits), three lines of distinct SKUs spread over the catalog, into
 * @a out (@a len bytes): what the intake phase posts.
 */
void bench_orders_body(const char *store, char prefix, unsigned k, char *out,
                       size_t len);

/**
 * Takes in @a n orders of 3 lines each for @a store (WAVE, SHIP),
 * numbered from @a first, through POST /api/v1/orders from @a clients
 * concurrent clients.
 * @param[out] per_s orders accepted (201) per second of wall time
 * @param[out] p50_ms median request latency
 * @return false if the engine failed or any order was refused
 */
bool bench_orders_intake(struct bench_ctx *c, const char *store, unsigned first,
                         unsigned n, unsigned clients, double *per_s,
                         double *p50_ms);

/**
 * Generates @a n more allocated orders of store @a store in SQL, through
 * the same intake function the API calls (ord_do_intake), in batches of
 * 1000 on two connections, with a progress line on stderr.
 */
bool bench_orders_seed(struct bench_ctx *c, const char *store, unsigned n);

/**
 * POST /api/v1/waves for at most @a max_orders allocated orders of
 * @a store, @a batch orders per list, timed from request to reply.
 * @param[out] secs  the request's wall time
 * @param[out] orders, lists  what the wave took and made
 */
bool bench_orders_wave(struct bench_ctx *c, const char *store, unsigned batch,
                       unsigned max_orders, double *secs, int64_t *orders,
                       int64_t *lists);

/**
 * Makes sure at least @a lists pick lists of W1 are open (unclaimed): if
 * not, seeds orders of store SCAN in SQL and waves them, BENCH_WAVE_BATCH
 * orders per list.
 */
bool bench_orders_supply(struct bench_ctx *c, unsigned lists);

#endif
