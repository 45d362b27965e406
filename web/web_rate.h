#ifndef WEB_RATE_H
#define WEB_RATE_H
/*
 * Request rates, so one integrator's loop cannot starve the floor: a token
 * bucket per API key (every request that bears one) and one per client
 * address (public requests that cost a database read: sign-in, badge,
 * parcel tracking). Signed-in users are not counted (a floor of handhelds
 * behind one NAT address is one address), nor are channel webhooks (the
 * platform's burst on a sale day must land; their signature is checked
 * before anything is written), health checks and UI files: routes mark
 * those with rate_free. Buckets live in this process: with several nodes
 * behind a balancer each node counts its own share.
 */
#include "web_request.h"

#include <microhttpd.h>
#include <stdbool.h>

struct web_rate_opts {
  unsigned key_per_s, key_burst;   /* per API key; per_s 0: no limit */
  unsigned addr_per_s, addr_burst; /* per client address; 0: no limit */
};

struct web_rate;

/* Tables for @a opts (in); NULL-safe to use when both limits are off. */
struct web_rate *web_rate_new(const struct web_rate_opts *opts);

/* Frees @a r (owned, consumed; NULL is fine). */
void web_rate_free(struct web_rate *r);

/*
 * Counts @a req against its buckets. Returns true to go on; false after
 * queueing 429 rate_limited with Retry-After, *@a ret its result. Runs
 * before authentication, so a refused request costs no database work.
 */
bool web_rate_or_reply(struct web_rate *r, struct web_request *req,
                       enum MHD_Result *ret);

#endif
