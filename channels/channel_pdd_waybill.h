#ifndef CHANNEL_PDD_WAYBILL_H
#define CHANNEL_PDD_WAYBILL_H
/*
 * Pinduoduo electronic waybills (拼多多电子面单) for Pinduoduo stores: the
 * waybill operation of channel_pdd_adapter (channel.h), through the
 * Pinduoduo router with the store's credentials.
 */
#include "channel.h"

/*
 * Runs Depot's waybill request @a req (the shape channel_taobao_waybill
 * takes: {"op":"get", "cp_code" (here the wp_code), "object_id",
 * "template_url", "sender", "recipient", "order_ids", "items",
 * "weight_g", "user_id" (optional)} or {"op":"cancel", "cp_code",
 * "waybill_code"}); @a out (new reference) is {"waybill_code",
 * "object_id", "print_data"} or {"cancel_result": true}.
 * CORE_EC_CHANNEL_UPSTREAM with @a err on any failure;
 * CORE_EC_INVALID_VALUE for an unknown op.
 */
enum core_ec channel_pdd_waybill(const struct channel_creds *c,
                                 const json_t *req, struct core_arena *arena,
                                 json_t **out, struct channel_error *err);

#endif
