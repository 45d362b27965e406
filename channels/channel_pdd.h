#ifndef CHANNEL_PDD_H
#define CHANNEL_PDD_H
/*
 * Pinduoduo (拼多多) through its open platform (channel "pinduoduo"). The
 * adapter itself is channel_pdd_adapter; the rest is exported for the unit
 * test of the signature and for the API test that talks to the simulator.
 */
#include "channel.h"

#include <stddef.h>

extern const struct channel_adapter channel_pdd_adapter;

/* One request parameter: name and value (UTF-8), borrowed. */
struct channel_pdd_param {
  const char *key;
  const char *value;
};

/*
 * The Pinduoduo signature of @a n parameters @a p (in any order; "sign"
 * and NULL or empty values are left out) under client secret @a secret:
 * MD5(secret + k1v1k2v2… + secret) over the parameters sorted by name,
 * uppercase hex into @a out (33 bytes). Returns false for too many
 * parameters or a digest failure.
 */
bool channel_pdd_sign(const struct channel_pdd_param *p, size_t n,
                      const char *secret, char out[33]);

/*
 * Calls API @a type as the seller with its @a nb parameters @a biz,
 * signed as every call of the adapter; the @a key object of the answer
 * into @a out (owned by @a root, which the caller frees).
 * CORE_EC_CHANNEL_UPSTREAM with @a err on any failure (error_response:
 * err->code the error_code, err->sub_code the sub_code).
 */
struct core_arena;
enum core_ec channel_pdd_call(const struct channel_creds *c, const char *type,
                              const struct channel_pdd_param *biz, size_t nb,
                              const char *key, struct core_arena *arena,
                              json_t **root, const json_t **out,
                              struct channel_error *err);

/* The longest window one increment call may span (30 minutes). */
enum { CHANNEL_PDD_WINDOW_S = 30 * 60 };

#endif
