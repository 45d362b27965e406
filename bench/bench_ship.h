#ifndef BENCH_SHIP_H
#define BENCH_SHIP_H

/*
 * Order to ship, end to end (issue 26 item 3): orders taken in over the
 * API, waved, picked, packed and shipped by simulated floor workers over
 * HTTP, with the CPU the server and the database spent per order.
 */

#include "bench.h"

enum { BENCH_SHIP_WORKERS = 16 };

/**
 * Takes c->plan.ship_orders orders of store SHIP (made here, with its
 * carrier and carton type) through intake (POST /api/v1/orders, 16
 * clients) → one wave → BENCH_SHIP_WORKERS workers, each logged in as a
 * picker of W1 (@a tokens, borrowed), who take a list
 * (POST /api/v1/picklists/next), scan it to the end (bin, item, tote per
 * line), then pack every order they picked (packing/open by its tote, a
 * carton, one item scan per SKU, close with the weight) and ship it; then
 * the next list. At the end every order of the phase must be shipped,
 * counted through GET /api/v1/orders. Writes order_to_ship into c->out.
 *
 * W1 must have no other open pick lists (pickers take the oldest first).
 * @return false (logged) if the phase could not run; errors and orders
 *         left unshipped are reported in the figures, not here
 */
bool bench_ship_run(struct bench_ctx *c, char (*tokens)[BENCH_TOKEN_MAX]);

#endif
