#ifndef CHANNEL_JD_WAYBILL_H
#define CHANNEL_JD_WAYBILL_H
/*
 * JD electronic waybills (京东无界电子面单) for JD stores: the waybill
 * operation of channel_jd_adapter (channel.h), through the JOS router with
 * the store's credentials.
 */
#include "channel.h"

/*
 * Runs Depot's waybill request @a req ({"op":"get", "cp_code" (JD's
 * providerCode), "object_id", "sender" (with optional province_id,
 * city_id, district_id, town_id), "service" {vendor_code, vendor_name,
 * branch_code, settlement_code, provider_id}, "recipient", "order_ids",
 * "items", "weight_g"} or {"op":"cancel", "cp_code", "waybill_code",
 * "service"}); @a out (new reference) is {"waybill_code", "object_id",
 * "print_data"} or {"cancel_result": true}. CORE_EC_CHANNEL_UPSTREAM with
 * @a err on any failure; CORE_EC_INVALID_VALUE for an unknown op.
 */
enum core_ec channel_jd_waybill(const struct channel_creds *c,
                                const json_t *req, struct core_arena *arena,
                                json_t **out, struct channel_error *err);

#endif
