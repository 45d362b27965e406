/*
 * Pinduoduo e-waybills (拼多多电子面单, the "cloud-print" waybill service
 * of the Pinduoduo open platform): the only file that knows its shapes.
 * Both calls go through the Pinduoduo router, signed and sent as the
 * adapter's other calls (channel_pdd_call). Followed, as found with the
 * search tool (the open platform's own API pages were not readable here;
 * these are the SDKs generated from them):
 *
 * - pdd.waybill.get (电子面单云打印接口): one API parameter,
 *   param_waybill_cloud_print_apply_new_request, a JSON text of
 *   {wp_code (物流公司Code), need_encrypt, sender {name, mobile, phone,
 *   address {province, city, district, town, detail, country}},
 *   trade_order_info_dtos (at most 10: object_id (请求id), order_info
 *   {order_channels_type ("PDD" for 拼多多), trade_order_list [order
 *   sn, at most 100]}, package_info {id, items [{count, name}] (at most
 *   100), weight (grams)}, recipient {name, mobile, phone, address
 *   {…}}, template_url (标准模板模板URL), user_id (使用者ID))}.
 *   Read: SchafferJ/open-pdd src/http/model/waybill/pdd_waybill_get.rs
 *   (province, city, district and detail "仅支持非空值"; the channel
 *   codes of order_channels_type) and lywzx/pdd-node-sdk
 *   src/pddApi/dianZiMianDan/PddWaybillGet.ts; the docs.rs page of the
 *   pdd crate (src/requests/pdd_waybill_get.rs) agrees. user_id is not
 *   on Depot's account: it is sent only when the request has one (the
 *   node SDK marks it optional, the Rust one not).
 * - Its answer: {"pdd_waybill_get_response":{"modules":[{object_id,
 *   waybill_code, print_data (面单信息, a text), parent_waybill_code}]}}.
 *   print_data's content was not found documented: kept as given (as an
 *   object when it is JSON, else {"text": …}); the label falls back to
 *   Depot's own facts.
 * - pdd.waybill.cancel (商家取消获取的电子面单号): wp_code, waybill_code;
 *   answers {"pdd_waybill_cancel_response":{"cancel_result":true}}
 *   (PddWaybillCancel.ts; pdd_waybill_cancel.rs of the pdd crate).
 * - Errors come as the router's error_response (channel_pdd.c): an
 *   error_code and sub_code; the codes pdd.waybill.get answers were not
 *   found, so any error_response is the service's refusal (err->code set)
 *   and no answer or an HTTP error is "try again".
 */
#include "channel_pdd_waybill.h"

#include "channel_pdd.h"
#include "core_arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* String member @a k of @a o, or "". */
static const char *
str(const json_t *o, const char *k)
{
  const char *v = json_string_value(json_object_get(o, k));
  return v != NULL ? v : "";
}

/* Depot's sender (as saved on the account) as Pinduoduo's Sender. */
static json_t *
sender_of(const json_t *s)
{
  return json_pack("{s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s, s:s}}", "name",
                   str(s, "name"), "mobile", str(s, "mobile"), "phone",
                   str(s, "phone"), "address", "province", str(s, "province"),
                   "city", str(s, "city"), "district", str(s, "district"),
                   "town", str(s, "town"), "detail", str(s, "detail"),
                   "country", "中国");
}

/*
 * The recipient of Depot's ship_to @a r as pulled from Pinduoduo
 * (channel_pdd.c: line1 the receiver_address, line2 the town, i.e. the
 * 区/县, city, region the province).
 */
static json_t *
recipient_of(const json_t *r)
{
  return json_pack("{s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s}}", "name",
                   str(r, "name"), "mobile", str(r, "phone"), "phone", "",
                   "address", "province", str(r, "region"), "city",
                   str(r, "city"), "district", str(r, "line2"), "detail",
                   str(r, "line1"), "country", "中国");
}

/* The param_waybill_cloud_print_apply_new_request text of @a req. */
static char *
apply_request(const json_t *req)
{
  json_t *items = json_array();
  size_t i;
  const json_t *it;
  json_array_foreach(json_object_get(req, "items"), i, it)
  {
    json_array_append_new(
        items, json_pack("{s:I, s:s}", "count",
                         json_integer_value(json_object_get(it, "count")),
                         "name", str(it, "name")));
  }
  json_t *orders = json_array();
  json_array_foreach(json_object_get(req, "order_ids"), i, it)
  {
    if (json_is_string(it))
      json_array_append(orders, (json_t *)it);
  }
  json_t *dto =
      json_pack("{s:s, s:{s:s, s:o}, s:{s:s, s:o, s:I}, s:o, s:s}", "object_id",
                str(req, "object_id"), "order_info", "order_channels_type",
                "PDD", "trade_order_list", orders, "package_info", "id",
                str(req, "object_id"), "items", items, "weight",
                json_integer_value(json_object_get(req, "weight_g")),
                "recipient", recipient_of(json_object_get(req, "recipient")),
                "template_url", str(req, "template_url"));
  json_int_t uid = json_integer_value(json_object_get(req, "user_id"));
  if (dto != NULL && uid > 0)
    json_object_set_new(dto, "user_id", json_integer(uid));
  json_t *top =
      json_pack("{s:s, s:o, s:[o], s:b}", "wp_code", str(req, "cp_code"),
                "sender", sender_of(json_object_get(req, "sender")),
                "trade_order_info_dtos", dto, "need_encrypt", 0);
  char *text = top != NULL ? json_dumps(top, JSON_COMPACT) : NULL;
  json_decref(top);
  return text;
}

static enum core_ec
waybill_get(const struct channel_creds *c, const json_t *req,
            struct core_arena *arena, json_t **out, struct channel_error *err)
{
  char *text = apply_request(req);
  if (text == NULL) {
    snprintf(err->msg, sizeof err->msg, "cannot build the waybill request");
    err->final = true;
    return CORE_EC_CHANNEL_UPSTREAM;
  }
  struct channel_pdd_param biz[] = {
      {"param_waybill_cloud_print_apply_new_request",
       core_arena_strdup(arena, text)},
  };
  free(text);
  json_t *root = NULL;
  const json_t *r = NULL;
  enum core_ec ec =
      channel_pdd_call(c, "pdd.waybill.get", biz, 1, "pdd_waybill_get_response",
                       arena, &root, &r, err);
  const json_t *mods = ec == CORE_EC_OK ? json_object_get(r, "modules") : NULL;
  const json_t *hit = NULL;
  size_t i;
  const json_t *m;
  json_array_foreach(mods, i, m)
  {
    if (strcmp(str(m, "object_id"), str(req, "object_id")) == 0 ||
        json_array_size(mods) == 1)
      hit = m;
  }
  if (ec == CORE_EC_OK &&
      (hit == NULL || str(hit, "waybill_code")[0] == '\0')) {
    snprintf(err->msg, sizeof err->msg,
             "the waybill service answered no waybill_code for %.80s",
             str(req, "object_id"));
    err->final = true;
    ec = CORE_EC_CHANNEL_UPSTREAM;
  }
  if (ec == CORE_EC_OK) {
    json_t *pd = json_loads(str(hit, "print_data"), 0, NULL);
    if (!json_is_object(pd)) {
      json_decref(pd);
      pd = json_pack("{s:s}", "text", str(hit, "print_data"));
    }
    *out =
        json_pack("{s:s, s:s, s:o}", "waybill_code", str(hit, "waybill_code"),
                  "object_id", str(hit, "object_id"), "print_data", pd);
  }
  json_decref(root);
  return ec;
}

static enum core_ec
waybill_cancel(const struct channel_creds *c, const json_t *req,
               struct core_arena *arena, json_t **out,
               struct channel_error *err)
{
  struct channel_pdd_param biz[] = {
      {"waybill_code", str(req, "waybill_code")},
      {"wp_code", str(req, "cp_code")},
  };
  json_t *root = NULL;
  const json_t *r = NULL;
  enum core_ec ec =
      channel_pdd_call(c, "pdd.waybill.cancel", biz, 2,
                       "pdd_waybill_cancel_response", arena, &root, &r, err);
  if (ec == CORE_EC_OK && !json_is_true(json_object_get(r, "cancel_result"))) {
    snprintf(err->msg, sizeof err->msg,
             "the waybill service answered cancel_result false");
    err->final = true;
    ec = CORE_EC_CHANNEL_UPSTREAM;
  }
  if (ec == CORE_EC_OK)
    *out = json_pack("{s:b}", "cancel_result", 1);
  json_decref(root);
  return ec;
}

enum core_ec
channel_pdd_waybill(const struct channel_creds *c, const json_t *req,
                    struct core_arena *arena, json_t **out,
                    struct channel_error *err)
{
  const char *op = str(req, "op");
  *out = NULL;
  if (strcmp(op, "get") == 0)
    return waybill_get(c, req, arena, out, err);
  if (strcmp(op, "cancel") == 0)
    return waybill_cancel(c, req, arena, out, err);
  return CORE_EC_INVALID_VALUE;
}
