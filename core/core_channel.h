#ifndef CORE_CHANNEL_H
#define CORE_CHANNEL_H
/*
 * Marketplace connections (issue 27): a store's platform credentials
 * (app secret, access and refresh tokens sealed like webhook secrets,
 * core_pii.h), the state of its order pull, and the write-backs of its
 * shipped parcels. The worker of `depot serve` (web/web_channels.c) leases
 * stores and write-backs here and calls the platform through channels/.
 */
#include "core_ec.h"
#include "core_proc.h"

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

struct core_arena;

/*
 * Saves store @a store's credentials: @a doc (in, JSON text) {app_key,
 * base_url, sign_method, token_expires_at, pull_seconds, page_size};
 * @a secret, @a token, @a refresh (in, may be NULL: unchanged) are sealed
 * before they reach SQL. The connection's document (never a secret) goes
 * to @a out. Refusals: unknown_store, channel_not_supported,
 * channel_base_url_invalid, missing_field, invalid_value.
 */
enum core_ec core_channel_auth_save(const char *store, const char *doc,
                                    const char *secret, const char *token,
                                    const char *refresh,
                                    struct core_arena *arena,
                                    struct core_outcome *out);

/* Store @a store's connection document into @a out (unknown_store). */
enum core_ec core_channel_auth_get(const char *store, struct core_arena *arena,
                                   struct core_outcome *out);

/*
 * Makes store @a store's pull due now. Refusals: unknown_store,
 * channel_not_supported, channel_not_authorised.
 */
enum core_ec core_channel_pull_now(const char *store, struct core_arena *arena,
                                   struct core_outcome *out);

/* The credentials of a leased store or write-back, opened (in an arena). */
struct core_channel_creds {
  const char *channel, *app_key, *secret, *token, *sign_method, *base_url;
  const char *refresh; /* the refresh token, or NULL */
  int64_t expires_at;  /* the access token's expiry, epoch s; 0: none */
  int page_size;
};

/*
 * The credential columns of row @a i of @a r (channel, app_key, secret,
 * token and refresh as pii_b64 text, expires, sign_method, base_url,
 * page_size) into @a c, the sealed ones opened (strings in @a arena; a
 * seal that does not open leaves NULL). False on a bad row, logged with
 * @a what.
 */
bool core_channel_creds_read(PGresult *r, int i, struct core_arena *arena,
                             struct core_channel_creds *c, const char *what);

/*
 * A store whose pull is due, leased to this worker for two minutes and
 * renewed while the pull goes on (core_channel_pull_renew): a node that dies
 * mid-pull leaves the store to another within two minutes.
 */
struct core_channel_job {
  int64_t store_id;
  const char *store; /* code */
  struct core_channel_creds creds;
  int64_t from, to; /* the window to pull, epoch seconds, both inclusive */
  int64_t lease;    /* the lease's end, epoch µs: this pull's token */
};

/*
 * Leases the store whose pull is most overdue (authorised, token not
 * expired or a refresh token to renew it, active, not leased by another node:
 * FOR UPDATE SKIP LOCKED) into @a job (in @a arena); @a got false when none is
 * due.
 */
enum core_ec core_channel_lease(struct core_arena *arena,
                                struct core_channel_job *job, bool *got);

/*
 * Renews the lease of @a job (in,out: its token moves on) for two minutes;
 * @a held (out) false when the lease is no longer this pull's (it ran out
 * and another node took the store): the pull then stops without recording.
 */
enum core_ec core_channel_pull_renew(struct core_channel_job *job, bool *held);

/*
 * Ends the pull of @a job (nothing is written when its lease passed to
 * another node): on @a ok the cursor moves to its window's end;
 * @a pulled orders are counted for today; @a error (in, "" for none) is the
 * connection's last error. The next pull is due after the store's period,
 * or at once while it catches up on older windows.
 */
enum core_ec core_channel_pull_done(const struct core_channel_job *job, bool ok,
                                    int pulled, const char *error);

/*
 * Stores a refreshed access token @a token (in; sealed here), with the new
 * refresh token @a refresh (NULL: the old one stays) and expiry
 * @a expires_at (epoch seconds, 0: none) for store @a store_id.
 */
enum core_ec core_channel_token_save(int64_t store_id, const char *token,
                                     const char *refresh, int64_t expires_at);

/* One due write-back, leased to the worker for a minute. */
struct core_channel_writeback {
  int64_t id;
  int attempts; /* including this one */
  struct core_channel_creds creds;
  const char *order;   /* the platform's order id */
  const char *carrier; /* the platform's code of the carrier (the seller's
                          carrier.platform_codes, else the built-in
                          channel_carrier_code), else Depot's code */
  const char *waybill;
  const char **sub_ids; /* split parcels: the platform's line ids */
  long long *sub_qty;   /* the units of each of sub_ids in this parcel */
  size_t n_sub;
  bool first; /* no other parcel of the order was sent to the platform */
};

/* Leases up to @a max due write-backs into @a out (@a n, in @a arena). */
enum core_ec core_channel_writeback_lease(unsigned max,
                                          struct core_arena *arena,
                                          struct core_channel_writeback **out,
                                          unsigned *n);

/*
 * Records write-back @a id's attempt: sent on @a ok, else retried with
 * backoff (failed at once when @a final) with @a error (in) kept; from the
 * third failure the exceptions desk shows it.
 */
enum core_ec core_channel_writeback_done(int64_t id, bool ok, bool final,
                                         const char *error);

void core_channel_register(void);

#endif
