#ifndef CHANNEL_DOUYIN_H
#define CHANNEL_DOUYIN_H
/*
 * Douyin shops (抖店) through the Douyin e-commerce open platform (channel
 * "douyin"). The adapter itself is channel_douyin_adapter; the rest is
 * exported for the unit test of the signature and for the API test that
 * talks to the simulator.
 */
#include "channel.h"

#include <stdbool.h>

extern const struct channel_adapter channel_douyin_adapter;

/*
 * The signature of a call of @a method ("order.searchList") with business
 * parameters @a param_json (the exact JSON text sent), UNIX-second
 * @a timestamp and version @a v, under app @a app_key and @a secret: the
 * text secret + "app_key" + app_key + "method" + method + "param_json" +
 * param_json + "timestamp" + timestamp + "v" + v + secret, digested with
 * HMAC-SHA256 keyed by the secret (@a hmac) or MD5, lowercase hex into
 * @a out (65 bytes). Returns false on a digest failure.
 */
bool channel_douyin_sign(const char *app_key, const char *method,
                         const char *param_json, const char *timestamp,
                         const char *v, const char *secret, bool hmac,
                         char out[65]);

/*
 * Calls @a method as the seller with business parameters @a biz (an
 * object, borrowed; sent as param_json with its keys sorted), signed as
 * every call of the adapter; the answer's "data" into @a out (owned by
 * @a root, which the caller frees). CORE_EC_CHANNEL_UPSTREAM with @a err
 * on any failure (err->code the answer's code, err->sub_code its
 * sub_code).
 */
struct core_arena;
enum core_ec channel_douyin_call(const struct channel_creds *c,
                                 const char *method, const json_t *biz,
                                 struct core_arena *arena, json_t **root,
                                 const json_t **out, struct channel_error *err);

#endif
