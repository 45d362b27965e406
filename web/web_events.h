#ifndef WEB_EVENTS_H
#define WEB_EVENTS_H
/*
 * The event webhook worker of `depot serve` (issue 23 item 6): one thread
 * that leases due deliveries (core_webhook_lease), POSTs each event's body
 * with libcurl, signed with the subscription's secret, and records the
 * outcome. Any number of servers may run one: leases (FOR UPDATE SKIP
 * LOCKED, then a minute's hold) keep two from sending the same delivery at
 * once; a worker that dies mid-POST leaves it to be sent again (at least
 * once: receivers de-duplicate by the event's id).
 *
 * The signature header, as Stripe's: Depot-Signature: t=<unix seconds>,
 * v1=<hex HMAC-SHA256 under the secret of "<t>.<body>">, computed with
 * libsodium (crypto_auth_hmacsha256_*).
 */
#include "core_ec.h"

#include <stddef.h>
#include <time.h>

/* Bytes of the signature header's value, with its NUL. */
#define WEB_EVENTS_SIG_LEN 96

/*
 * Writes the value of Depot-Signature for @a body (@a len bytes, in)
 * signed at @a t with @a secret (in) into @a out (out, NUL-ended).
 */
void web_events_sign(const char *secret, time_t t, const char *body, size_t len,
                     char out[WEB_EVENTS_SIG_LEN]);

/* Starts the worker thread. Returns CORE_EC_OK or CORE_EC_INTERNAL. */
enum core_ec web_events_start(void);

/* Asks the worker to stop and waits for it (its current POST finishes). */
void web_events_stop(void);

#endif
