/*
 * Douyin e-waybills (抖音电商电子面单, 抖店's own waybill service): the
 * only file that knows its shapes. Both calls go through the Douyin open
 * platform, signed and sent as the adapter's other calls
 * (channel_douyin_call: param_json with its keys sorted). Followed, as
 * found with the search tool (the platform's own pages were not readable
 * here; these are a generated .NET SDK of the platform — namespace
 * ecommerce.sdk.douyin, LogisticsNewCreateOrderReq and
 * LogisticsCancelOrderReq, which copy the API pages' descriptions and
 * error tables — and public ERP code calling the same methods):
 *
 * - logistics.newCreateOrder (path /logistics/newCreateOrder; "ISV/商家
 *   向字节电子面单系统获取单号和打印信息", at most 50 orders a call):
 *   sender_info {address {country_code ("CHN"), province_name, city_name,
 *   district_name, street_name, detail_address}, contact {name, phone,
 *   mobile (phone and mobile: one of the two)}}, logistics_code (物流服务商
 *   编码), order_infos [{order_id (the Douyin order id; 合单: one of them),
 *   pack_id (包裹id: at most 15 digits, letters or _; asked again with the
 *   same order_id and pack_id the service answers the old number —
 *   "否则返回老号" — so Depot sends the carton's id, which makes a retry
 *   safe), receiver_info {address {…, detail_address}, contact {name,
 *   phone, mobile}}, items [{item_name, item_count}], combine_orders (the
 *   other orders of a merged parcel)}], user_id (shared accounts only:
 *   not sent).
 * - Its answer's data: {ebill_infos [{order_id, pack_id, track_no (运单号),
 *   company, sort_code (三段码), package_center_code, package_center_name
 *   (集包地), short_address_code, short_address_name (大头笔), extra_resp,
 *   sub_waybill_codes, …}], err_infos [{order_id, pack_id, err_code,
 *   err_msg}]}. The ebill_info is kept as the print data (the label's
 *   routing fields come from it); the print document itself is another
 *   API (logistics.waybillApply, encrypted for the platform's print
 *   component) that Depot does not call: it prints its own ZPL.
 * - logistics.cancelOrder: logistics_code, track_no; answers data
 *   {cancel_result {success}}. Its error table: isv.business-failed:
 *   10000 / 20802 "该运单已取件，不允许取消", 1105 "已揽收，无法取消",
 *   1102 "重复取消" (taken as cancelled), isp.service-error:* (retry).
 * - Errors: code/sub_code (channel_douyin.c); sub codes "isp." are the
 *   platform's (retried), "isv." the caller's (refused). An order in
 *   err_infos is the service's refusal.
 * - Douyin's logistics codes are lowercase (zhongtong, yuantong, yunda,
 *   shentong, shunfeng, jtexpress …, as order.logisticsCompanyList lists
 *   them); Depot stores account codes uppercased, so they go lowercased,
 *   as channel_douyin.c sends company_code.
 */
#include "channel_douyin_waybill.h"

#include "channel_douyin.h"
#include "core_arena.h"

#include <ctype.h>
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

/* A string or number member as text, "" if absent. */
static const char *
text(const json_t *o, const char *k, struct core_arena *arena)
{
  const json_t *v = json_object_get(o, k);
  if (json_is_integer(v))
    return core_arena_printf(arena, "%lld", (long long)json_integer_value(v));
  return str(o, k);
}

static const char *
lower(const char *s, struct core_arena *arena)
{
  char *l = core_arena_strdup(arena, s);
  for (char *p = l; *p != '\0'; p++)
    *p = (char)tolower((unsigned char)*p);
  return l;
}

/* The pack_id of Depot's object_id "depot-carton-<id>": "c<id>". */
static const char *
pack_of(const char *object_id, struct core_arena *arena)
{
  const char *d = strrchr(object_id, '-');
  return core_arena_printf(arena, "c%.14s", d != NULL ? d + 1 : object_id);
}

/* A contact {name, phone, mobile} with the empty ones left out. */
static json_t *
contact(const char *name, const char *phone, const char *mobile)
{
  json_t *c = json_pack("{s:s}", "name", name);
  if (phone[0] != '\0')
    json_object_set_new(c, "phone", json_string(phone));
  if (mobile[0] != '\0')
    json_object_set_new(c, "mobile", json_string(mobile));
  return c;
}

static json_t *
address(const char *province, const char *city, const char *district,
        const char *street, const char *detail)
{
  json_t *a = json_pack("{s:s, s:s, s:s, s:s, s:s}", "country_code", "CHN",
                        "province_name", province, "city_name", city,
                        "district_name", district, "detail_address", detail);
  if (street[0] != '\0')
    json_object_set_new(a, "street_name", json_string(street));
  return a;
}

/* The newCreateOrder parameters of Depot's request @a req. */
static json_t *
create_request(const json_t *req, struct core_arena *arena)
{
  const json_t *s = json_object_get(req, "sender");
  const json_t *r = json_object_get(req, "recipient");
  json_t *items = json_array();
  size_t i;
  const json_t *it;
  json_array_foreach(json_object_get(req, "items"), i, it)
  {
    json_array_append_new(
        items,
        json_pack("{s:s, s:I}", "item_name", str(it, "name"), "item_count",
                  json_integer_value(json_object_get(it, "count"))));
  }
  const json_t *orders = json_object_get(req, "order_ids");
  /* Douyin's ship_to (channel_douyin.c): line1 the detail, line2 the
     town (区/县) and street as one, city, region the province. */
  json_t *order = json_pack(
      "{s:s, s:s, s:{s:o, s:o}, s:o}", "order_id",
      json_is_string(json_array_get(orders, 0))
          ? json_string_value(json_array_get(orders, 0))
          : "",
      "pack_id", pack_of(str(req, "object_id"), arena), "receiver_info",
      "address",
      address(str(r, "region"), str(r, "city"), str(r, "line2"), "",
              str(r, "line1")),
      "contact", contact(str(r, "name"), "", str(r, "phone")), "items", items);
  if (order != NULL && json_array_size(orders) > 1) {
    json_t *more = json_array();
    json_array_foreach(orders, i, it)
    {
      if (i > 0 && json_is_string(it))
        json_array_append(more, (json_t *)it);
    }
    json_object_set_new(order, "combine_orders", more);
  }
  return json_pack(
      "{s:{s:o, s:o}, s:s, s:[o]}", "sender_info", "address",
      address(str(s, "province"), str(s, "city"), str(s, "district"),
              str(s, "town"), str(s, "detail")),
      "contact", contact(str(s, "name"), str(s, "phone"), str(s, "mobile")),
      "logistics_code", lower(str(req, "cp_code"), arena), "order_infos",
      order);
}

static enum core_ec
waybill_get(const struct channel_creds *c, const json_t *req,
            struct core_arena *arena, json_t **out, struct channel_error *err)
{
  json_t *biz = create_request(req, arena);
  if (biz == NULL) {
    snprintf(err->msg, sizeof err->msg, "cannot build the waybill request");
    err->final = true;
    return CORE_EC_CHANNEL_UPSTREAM;
  }
  const char *pack = pack_of(str(req, "object_id"), arena);
  json_t *root = NULL;
  const json_t *d = NULL;
  enum core_ec ec = channel_douyin_call(c, "logistics.newCreateOrder", biz,
                                        arena, &root, &d, err);
  json_decref(biz);
  const json_t *hit = NULL;
  size_t i;
  const json_t *m;
  json_array_foreach(
      ec == CORE_EC_OK ? json_object_get(d, "ebill_infos") : NULL, i, m)
  {
    const char *p = text(m, "pack_id", arena);
    if (p[0] == '\0' || strcmp(p, pack) == 0)
      hit = m;
  }
  const json_t *bad = ec == CORE_EC_OK
                          ? json_array_get(json_object_get(d, "err_infos"), 0)
                          : NULL;
  if (ec == CORE_EC_OK && (hit == NULL || str(hit, "track_no")[0] == '\0')) {
    snprintf(err->code, sizeof err->code, "%s", text(bad, "err_code", arena));
    snprintf(err->msg, sizeof err->msg, "%s",
             bad != NULL ? str(bad, "err_msg")
                         : "the waybill service answered no track_no");
    err->final = true;
    ec = CORE_EC_CHANNEL_UPSTREAM;
  }
  if (ec == CORE_EC_OK)
    *out = json_pack("{s:s, s:s, s:O}", "waybill_code", str(hit, "track_no"),
                     "object_id", str(req, "object_id"), "print_data", hit);
  json_decref(root);
  return ec;
}

static enum core_ec
waybill_cancel(const struct channel_creds *c, const json_t *req,
               struct core_arena *arena, json_t **out,
               struct channel_error *err)
{
  json_t *biz = json_pack("{s:s, s:s}", "logistics_code",
                          lower(str(req, "cp_code"), arena), "track_no",
                          str(req, "waybill_code"));
  json_t *root = NULL;
  const json_t *d = NULL;
  enum core_ec ec = channel_douyin_call(c, "logistics.cancelOrder", biz, arena,
                                        &root, &d, err);
  json_decref(biz);
  /* Cancelled before (重复取消): what was asked is done. */
  if (ec != CORE_EC_OK && strstr(err->sub_code, ":1102") != NULL)
    ec = CORE_EC_OK;
  else if (ec == CORE_EC_OK &&
           !json_is_true(json_object_get(json_object_get(d, "cancel_result"),
                                         "success"))) {
    snprintf(err->msg, sizeof err->msg,
             "the waybill service answered cancel_result.success false");
    err->final = true;
    ec = CORE_EC_CHANNEL_UPSTREAM;
  } else if (ec != CORE_EC_OK && !err->auth &&
             strncmp(err->sub_code, "isv.", 4) == 0) {
    err->final = true; /* e.g. already collected: it cannot be cancelled */
  }
  if (ec == CORE_EC_OK)
    *out = json_pack("{s:b}", "cancel_result", 1);
  json_decref(root);
  return ec;
}

enum core_ec
channel_douyin_waybill(const struct channel_creds *c, const json_t *req,
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
