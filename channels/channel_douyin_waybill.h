#ifndef CHANNEL_DOUYIN_WAYBILL_H
#define CHANNEL_DOUYIN_WAYBILL_H
/*
 * Douyin electronic waybills (抖音电商电子面单) for Douyin shops: the
 * waybill operation of channel_douyin_adapter (channel.h), through the
 * Douyin open platform with the store's credentials.
 */
#include "channel.h"

/*
 * Runs Depot's waybill request @a req (the shape channel_taobao_waybill
 * takes: {"op":"get", "cp_code" (here the logistics_code, sent lowercased),
 * "object_id", "template_url", "sender", "recipient", "order_ids", "items",
 * "weight_g", "user_id" (optional)} or {"op":"cancel", "cp_code",
 * "waybill_code"}); @a out (new reference) is {"waybill_code",
 * "object_id", "print_data"} or {"cancel_result": true}.
 * CORE_EC_CHANNEL_UPSTREAM with @a err on any failure;
 * CORE_EC_INVALID_VALUE for an unknown op.
 */
enum core_ec channel_douyin_waybill(const struct channel_creds *c,
                                    const json_t *req, struct core_arena *arena,
                                    json_t **out, struct channel_error *err);

#endif
