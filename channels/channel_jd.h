#ifndef CHANNEL_JD_H
#define CHANNEL_JD_H
/*
 * JD (京东) through the JOS open platform (channel "jd"). The adapter
 * itself is channel_jd_adapter; the rest is exported for the unit test of
 * the signature and for the API test that talks to the simulator.
 */
#include "channel.h"

#include <stddef.h>

extern const struct channel_adapter channel_jd_adapter;

/* One request parameter: name and value (UTF-8), borrowed. */
struct channel_jd_param {
  const char *key;
  const char *value;
};

/*
 * The JOS signature of @a n parameters @a p (in any order; "sign" and
 * NULL or empty values are left out) under app secret @a secret:
 * MD5(secret + k1v1k2v2… + secret) over the parameters sorted by name,
 * uppercase hex into @a out (33 bytes). Returns false for too many
 * parameters or a digest failure.
 */
bool channel_jd_sign(const struct channel_jd_param *p, size_t n,
                     const char *secret, char out[33]);

/* @a t as JOS's timestamp, "yyyy-MM-dd HH:mm:ss" in GMT+8, into @a out. */
void channel_jd_time(time_t t, char out[20]);

/*
 * Calls JOS method @a method as the seller with API parameters @a biz (an
 * object, borrowed; sent as 360buy_param_json with its keys sorted),
 * signed as every call of the adapter; the "<method>_responce" object
 * into @a out (owned by @a root, which the caller frees).
 * CORE_EC_CHANNEL_UPSTREAM with @a err on any failure (error_response:
 * err->code its code).
 */
struct core_arena;
enum core_ec channel_jd_call(const struct channel_creds *c, const char *method,
                             const json_t *biz, struct core_arena *arena,
                             json_t **root, const json_t **out,
                             struct channel_error *err);

/*
 * The OAuth endpoint that refreshes tokens for router @a base_url (in
 * @a arena): JD's https://open-oauth.jd.com/oauth2/refresh_token for the
 * JOS router, else the router's own origin + /oauth2/refresh_token (a
 * simulator in tests).
 */
const char *channel_jd_refresh_url(const char *base_url,
                                   struct core_arena *arena);

#endif
