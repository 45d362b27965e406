#ifndef CORE_WEBHOOK_H
#define CORE_WEBHOOK_H
/*
 * Signed event webhooks (issue 23 item 6). Events are written by triggers
 * in the transaction of their fact (sql/procs/event_*.sql) and fanned out
 * to one delivery per subscription that wants the type. This module keeps
 * the subscriptions (their secrets sealed like stores' webhook secrets,
 * core_pii.h), lists deliveries, and leases due deliveries to the worker
 * of `depot serve` (web/web_events.c), which signs and posts them.
 */
#include "core_ec.h"
#include "core_proc.h"

#include <stdbool.h>
#include <stdint.h>

struct core_arena;

/* Bytes of a generated secret, before it is written as hex. */
#define CORE_WEBHOOK_SECRET_BYTES 24

/*
 * A fresh random secret, "whsec_" and 48 hex digits, into @a arena
 * (libsodium's randombytes). Returns it.
 */
const char *core_webhook_secret_new(struct core_arena *arena);

/*
 * Creates (@a id 0) or changes subscription @a id: @a doc (in, JSON text)
 * {url, events, active, note}, fields absent are unchanged; @a secret (in,
 * may be NULL: unchanged) is sealed before it reaches SQL. @a user is the
 * caller (0: none). The document (never the secret) goes to @a out.
 * Refusals: webhook_url_invalid, unknown_event_type, not_found.
 */
enum core_ec core_webhook_save(int64_t id, const char *doc, const char *secret,
                               int64_t user, struct core_arena *arena,
                               struct core_outcome *out);

/* Subscription @a id's document into @a out (NOT_FOUND when none). */
enum core_ec core_webhook_get(int64_t id, struct core_arena *arena,
                              struct core_outcome *out);

/* Deletes subscription @a id and its deliveries (NOT_FOUND when none). */
enum core_ec core_webhook_delete(int64_t id, struct core_arena *arena,
                                 struct core_outcome *out);

/* Every subscription, as a JSON array text in @a arena (@a items, out). */
enum core_ec core_webhook_list(struct core_arena *arena, const char **items);

/*
 * A page of subscription @a id's deliveries for filter @a filter (in, JSON
 * text {limit, before, status}) into @a items (out, JSON array text,
 * newest first). NOT_FOUND for an unknown subscription.
 */
enum core_ec core_webhook_deliveries(int64_t id, const char *filter,
                                     struct core_arena *arena,
                                     const char **items);

/* Makes delivery @a delivery of subscription @a id due again now. */
enum core_ec core_webhook_redeliver(int64_t id, int64_t delivery,
                                    struct core_arena *arena,
                                    struct core_outcome *out);

/* One due delivery, leased to the worker for a minute. */
struct core_webhook_msg {
  int64_t id;           /* the delivery */
  int64_t event;        /* the event: the receiver's de-duplication key */
  const char *event_at; /* the event's time: the delivery's month */
  int attempts;         /* including this one */
  const char *url;      /* where to POST */
  const char *secret;   /* the subscription's secret, opened */
  const char *body;     /* the exact bytes to sign and send */
};

/*
 * Leases up to @a max due deliveries into @a out (@a n of them, in
 * @a arena): pending, due, of an active subscription, and none with an
 * earlier event of the same resource still pending for that subscription
 * (order per resource). Each is hidden from other workers for a minute
 * and counted as an attempt.
 */
enum core_ec core_webhook_lease(unsigned max, struct core_arena *arena,
                                struct core_webhook_msg **out, unsigned *n);

/*
 * Records the outcome of @a m: delivered on @a ok, else due again after
 * an exponential backoff (1 s doubling, at most 1 h) until its 24 h are
 * over, then failed. @a status is the HTTP status (0: no answer) and
 * @a excerpt (in) the answer's first bytes or the connection error.
 */
enum core_ec core_webhook_done(const struct core_webhook_msg *m, bool ok,
                               long status, const char *excerpt);

void core_webhook_register(void);

#endif
