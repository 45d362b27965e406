/*
 * Cainiao e-waybills (菜鸟电子面单) through TOP: the only file that knows
 * Cainiao's shapes. Both calls are TOP calls, signed and sent like the
 * Taobao adapter's (channel_taobao_call). Followed, as found with the
 * search tool (the Cainiao/TOP documentation pages themselves were not
 * reachable; these are the TOP SDK models generated from them):
 *
 * - cainiao.waybill.ii.get (电子面单云打印接口, "the cloud-print method of
 *   asking for an e-waybill number"): one API parameter,
 *   param_waybill_cloud_print_apply_new_request, a JSON text of
 *   WaybillCloudPrintApplyNewRequest {cp_code (the carrier's code, under
 *   20 characters), sender (UserInfoDto: name, mobile, phone, address
 *   {province, city, district, town, detail}), trade_order_info_dtos (at
 *   most 10 TradeOrderInfoDto: object_id (the request id: asked again
 *   with the same one, the service answers the same number), order_info
 *   {order_channels_type, trade_order_list}, package_info {id, items
 *   [{count, name}], weight (grams)}, recipient (UserInfoDto, plus the
 *   open address id oaid and the trade id tid of a masked Taobao
 *   address), template_url (the standard template's cloud-print URL),
 *   user_id)}, need_encrypt ...}. SDK models read: bububa/opentaobao
 *   model/waybill/WaybillCloudPrintApplyNewRequest.go, CainiaoWaybillIi
 *   GetAPIRequest.go, model/cainiaolocker/TradeOrderInfoDto.go, and the
 *   TOP PHP/Java SDK request classes (CainiaoWaybillIiGetRequest).
 * - Its answer: {"cainiao_waybill_ii_get_response":{"modules":
 *   {"waybill_cloud_print_response":[{object_id, waybill_code,
 *   print_data, parent_waybill_code}]}}} (WaybillCloudPrintResponse.go;
 *   the Java SDK calls the list waybill_cloud_print_response_list, also
 *   accepted here). print_data is a JSON text: "data" (plain) or
 *   "encryptedData" (when need_encrypt), with "signature" and
 *   "templateURL". The members of "data" that the label prints
 *   (waybillCode, recipient, sender, routingInfo {sortation {name},
 *   consolidation {name, code}, routeCode}) were not found in what the
 *   search reached: they follow the cloud-print document as the ISVs'
 *   code uses it, and the label falls back to Depot's own facts for any
 *   that is absent.
 * - cainiao.waybill.ii.cancel (商家取消获取的电子面单号): cp_code,
 *   waybill_code; answers {"cainiao_waybill_ii_cancel_response":
 *   {"cancel_result":true}} (CainiaoWaybillIiCancelAPIResponse.go).
 * - Errors come as TOP's error_response (channel_taobao.c): sub codes
 *   "isv." are the caller's (not retried), "isp." the platform's.
 */
#include "channel_taobao_waybill.h"

#include "channel_taobao.h"
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

/* A Cainiao UserInfoDto of Depot's sender (as saved on the account). */
static json_t *
sender_of(const json_t *s)
{
  return json_pack("{s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s}}", "name",
                   str(s, "name"), "mobile", str(s, "mobile"), "phone",
                   str(s, "phone"), "address", "province", str(s, "province"),
                   "city", str(s, "city"), "district", str(s, "district"),
                   "town", str(s, "town"), "detail", str(s, "detail"));
}

/*
 * The recipient of Depot's ship_to @a r, masked as the platform gave it:
 * the oaid and tid let Cainiao find the real address; Depot's line1 holds
 * district, town and street as pulled, so it goes as the detail.
 */
static json_t *
recipient_of(const json_t *r, struct core_arena *arena)
{
  const char *detail =
      core_arena_printf(arena, "%s%s%s", str(r, "line1"),
                        str(r, "line2")[0] != '\0' ? " " : "", str(r, "line2"));
  json_t *o =
      json_pack("{s:s, s:s, s:s, s:{s:s, s:s, s:s}}", "name", str(r, "name"),
                "mobile", str(r, "phone"), "phone", "", "address", "province",
                str(r, "region"), "city", str(r, "city"), "detail", detail);
  if (str(r, "open_address_id")[0] != '\0')
    json_object_set_new(o, "oaid", json_string(str(r, "open_address_id")));
  if (str(r, "tid")[0] != '\0')
    json_object_set_new(o, "tid", json_string(str(r, "tid")));
  return o;
}

/* The param_waybill_cloud_print_apply_new_request text of @a req. */
static char *
apply_request(const json_t *req, struct core_arena *arena)
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
  json_t *dto = json_pack(
      "{s:s, s:{s:s, s:o}, s:{s:s, s:o, s:I}, s:o, s:s}", "object_id",
      str(req, "object_id"), "order_info", "order_channels_type", "TB",
      "trade_order_list", orders, "package_info", "id", str(req, "object_id"),
      "items", items, "weight",
      json_integer_value(json_object_get(req, "weight_g")), "recipient",
      recipient_of(json_object_get(req, "recipient"), arena), "template_url",
      str(req, "template_url"));
  json_int_t uid = json_integer_value(json_object_get(req, "user_id"));
  if (dto != NULL && uid > 0)
    json_object_set_new(dto, "user_id", json_integer(uid));
  json_t *top =
      json_pack("{s:s, s:o, s:[o], s:b}", "cp_code", str(req, "cp_code"),
                "sender", sender_of(json_object_get(req, "sender")),
                "trade_order_info_dtos", dto, "need_encrypt", 0);
  char *text = top != NULL ? json_dumps(top, JSON_COMPACT) : NULL;
  json_decref(top);
  return text;
}

/* The answer's list of WaybillCloudPrintResponse, in either spelling. */
static const json_t *
modules_of(const json_t *r)
{
  const json_t *m = json_object_get(r, "modules");
  const json_t *l = json_object_get(m, "waybill_cloud_print_response");
  if (json_is_array(l))
    return l;
  if (json_is_array(m))
    return m;
  l = json_object_get(r, "waybill_cloud_print_response_list");
  return json_is_array(l) ? l : NULL;
}

static enum core_ec
waybill_get(const struct channel_creds *c, const json_t *req,
            struct core_arena *arena, json_t **out, struct channel_error *err)
{
  char *text = apply_request(req, arena);
  if (text == NULL) {
    snprintf(err->msg, sizeof err->msg, "cannot build the waybill request");
    err->final = true;
    return CORE_EC_CHANNEL_UPSTREAM;
  }
  struct channel_taobao_param biz[] = {
      {"param_waybill_cloud_print_apply_new_request",
       core_arena_strdup(arena, text)},
  };
  free(text);
  json_t *root = NULL;
  const json_t *r = NULL;
  enum core_ec ec = channel_taobao_call(c, "cainiao.waybill.ii.get", biz, 1,
                                        arena, &root, &r, err);
  const json_t *hit = NULL;
  size_t i;
  const json_t *m;
  json_array_foreach(ec == CORE_EC_OK ? modules_of(r) : NULL, i, m)
  {
    if (strcmp(str(m, "object_id"), str(req, "object_id")) == 0 ||
        json_array_size(modules_of(r)) == 1)
      hit = m;
  }
  if (ec == CORE_EC_OK &&
      (hit == NULL || str(hit, "waybill_code")[0] == '\0')) {
    snprintf(err->msg, sizeof err->msg,
             "the waybill service answered no waybill_code for %.80s",
             str(req, "object_id"));
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
  struct channel_taobao_param biz[] = {
      {"cp_code", str(req, "cp_code")},
      {"waybill_code", str(req, "waybill_code")},
  };
  json_t *root = NULL;
  const json_t *r = NULL;
  enum core_ec ec = channel_taobao_call(c, "cainiao.waybill.ii.cancel", biz, 2,
                                        arena, &root, &r, err);
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
channel_taobao_waybill(const struct channel_creds *c, const json_t *req,
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
