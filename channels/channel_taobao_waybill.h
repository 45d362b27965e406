#ifndef CHANNEL_TAOBAO_WAYBILL_H
#define CHANNEL_TAOBAO_WAYBILL_H
/*
 * Cainiao electronic waybills (菜鸟电子面单) for Taobao/Tmall stores: the
 * waybill operation of channel_taobao_adapter (channel.h), through the
 * TOP router with the store's credentials.
 */
#include "channel.h"

/*
 * Runs Depot's waybill request @a req (in, borrowed):
 *  - {"op":"get", "cp_code", "object_id", "template_url", "sender":{name,
 *    mobile, phone, province, city, district, town, detail}, "recipient":
 *    Depot's ship_to revealed {name, phone, line1, line2, city, region,
 *    open_address_id, tid}, "order_ids":[…], "items":[{name, count}],
 *    "weight_g", "user_id" (optional)}: @a out (new reference) is
 *    {"waybill_code", "object_id", "print_data": the service's print
 *    document (object; {"text": …} when it is not JSON)};
 *  - {"op":"cancel", "cp_code", "waybill_code"}: @a out is
 *    {"cancel_result": true}.
 * CORE_EC_CHANNEL_UPSTREAM with @a err filled (err->final when the
 * service refused the content) on any failure; CORE_EC_INVALID_VALUE
 * for a request that names no known op.
 */
enum core_ec channel_taobao_waybill(const struct channel_creds *c,
                                    const json_t *req, struct core_arena *arena,
                                    json_t **out, struct channel_error *err);

#endif
