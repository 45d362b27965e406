#ifndef CHANNEL_TAOBAO_H
#define CHANNEL_TAOBAO_H
/*
 * Taobao/Tmall through the TOP open platform (channel "taobao"). The
 * adapter itself is channel_taobao_adapter; the rest is exported for the
 * unit test of the signature against the platform's published example.
 */
#include "channel.h"

#include <stddef.h>

extern const struct channel_adapter channel_taobao_adapter;

/* One request parameter: name and value (UTF-8), borrowed. */
struct channel_taobao_param {
  const char *key;
  const char *value;
};

/*
 * The TOP signature of @a n parameters @a p (in any order; "sign" and
 * empty values are left out) under @a secret: with @a method "md5",
 * MD5(secret + k1v1k2v2… + secret); with "hmac", HMAC-MD5 keyed by the
 * secret over k1v1k2v2…; uppercase hex into @a out (33 bytes).
 * Returns false for an unknown method or too many parameters.
 */
bool channel_taobao_sign(const struct channel_taobao_param *p, size_t n,
                         const char *secret, const char *method, char out[33]);

/*
 * Calls TOP method @a method with the common parameters (signed with
 * @a c) and @a n API parameters @a biz; the "<method>_response" object
 * (without a leading "taobao.") into @a out, owned by @a root (out, the
 * caller json_decref()s it, NULL on failure). CORE_EC_CHANNEL_UPSTREAM
 * with @a err filled on any failure, an error_response included.
 */
enum core_ec channel_taobao_call(const struct channel_creds *c,
                                 const char *method,
                                 const struct channel_taobao_param *biz,
                                 size_t n, struct core_arena *arena,
                                 json_t **root, const json_t **out,
                                 struct channel_error *err);

/* @a t as TOP's timestamp, "yyyy-MM-dd HH:mm:ss" in GMT+8, into @a out. */
void channel_taobao_time(time_t t, char out[20]);

#endif
