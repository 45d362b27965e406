/*
 * JD e-waybills (京东无界电子面单, JD's "borderless" waybill service that
 * issues numbers of JD Express and of the franchise carriers — 中通, 圆通,
 * 韵达, 申通 … — to JD sellers): the only file that knows its shapes.
 * Every call goes through the JOS router, signed and sent as the
 * adapter's other calls (channel_jd_call). JOS's own API pages (open.jd.com
 * apiCateId 356, "无界电子面单") were not readable here; followed, as found
 * with the search tool: JOS's Java SDK classes (com.jd.open.api.sdk
 * .request.wujiemiandan.LdopAlphaWaybillReceiveRequest and
 * LdopAlphaWaybillApiUnbindRequest, response LdopAlphaWaybillReceiveResponse
 * {resultInfo}), JOS's Python SDK (seven_jd, jd/api/rest/
 * LdopAlphaWaybillReceiveRequest.py, LdopAlphaWaybillApiUnbindRequest.py),
 * a PHP JOS client whose doc comment quotes the unbind API page
 * (Lostinfo\JosOpenApi\request\LdopAlphaWaybillApiUnbind: apiId 2190,
 * providerId and providerCode optional, waybillCode required) and public
 * ERP code calling the same methods (a PHP "LogisticsALPHA" class mapping
 * each field with its Chinese description, a Java test building the
 * receive content):
 *
 * - jingdong.ldop.alpha.waybill.receive (取号): ONE API parameter,
 *   content, a JSON text of {waybillType (1: 普通运单), waybillCount,
 *   providerId (承运商ID, a number) and/or providerCode (承运商编码: ZTO,
 *   YTO, YUNDA, JD …), branchCode (网点编码: franchise carriers must send
 *   it), settlementCode (财务结算编码: direct carriers such as JD and SF),
 *   salePlatform (销售平台: "0010001" is JD's own), platformOrderNo (the JD
 *   order id), vendorCode (商家编码) and vendorName, vendorOrderCode (the
 *   seller's own order number: Depot sends the carton's object id),
 *   weight (kg, 2 decimals), volume (cm³), payType (0: paid online),
 *   promiseTimeType (0), goodsMoney, shouldPayMoney (COD: 0),
 *   needGuarantee (false), guaranteeMoney, receiveTimeType (0: any time),
 *   fromAddress and toAddress {provinceId, provinceName, cityId, cityName,
 *   countryId, countryName (区/县), countrysideId, countrysideName (乡镇),
 *   address, contact, phone, mobile}}. The region ids are sent only when
 *   the account's sender has them (the clients send the names and ids
 *   side by side; the recipient's ids Depot never has: JD orders give
 *   names). Its answer: {"jingdong_ldop_alpha_waybill_receive_responce":
 *   {"resultInfo": {statusCode (0 success; 1 a parameter the service
 *   cannot take; other: it failed), statusMessage, data {platformOrderNo,
 *   waybillCodeList [the numbers]}}}}.
 * - jingdong.ldop.alpha.vendor.bigshot.query (大头笔, the label's routing
 *   text): waybillCode, providerCode; answers resultInfo {statusCode,
 *   statusMessage, data {waybillCode, bigShotName, bigShotCode,
 *   gatherCenterName (集包地), gatherCenterCode, branchName, branchCode,
 *   secondSectionCode, thirdSectionCode}}. Asked right after a number is
 *   issued; its data is the print data (as routingInfo, which
 *   wms_waybill_label reads). Its failure does not refuse the number: the
 *   label then prints without the routing text.
 * - JD's print document (jingdong.printing.printData.pullData with the
 *   template of jingdong.printing.template.getTemplateList) is made for
 *   JD's own print component (打印组件, encrypted); Depot does not call it
 *   and prints its own 100 × 180 mm ZPL from the number and the bigshot.
 *   The account's template URL is kept for the seller's reference.
 * - jingdong.ldop.alpha.waybill.api.unbind (取消, "运单解绑"): providerId
 *   (optional), providerCode (optional), waybillCode; answers resultInfo
 *   {statusCode, statusMessage}.
 * - Errors: the router's error_response (channel_jd.c: err->code its code,
 *   not final); a statusCode other than 0 is the service's own refusal
 *   (err->code "statusCode <n>", final). No answer or an HTTP error is
 *   "try again". web/web_waybill.c maps these to waybill_refused and
 *   waybill_unavailable as for the other services.
 * - Whether JD answers the same number for a repeated vendorOrderCode was
 *   not found documented (the simulator does): a close retried after a
 *   crash between the call and the store may be issued a second number,
 *   and the first stays bound at JD until the seller unbinds it.
 */
#include "channel_jd_waybill.h"

#include "channel_jd.h"
#include "core_arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* JD's code of its own platform as the order's sales platform. */
static const char SALE_PLATFORM_JD[] = "0010001";

/* String member @a k of @a o, or "". */
static const char *
str(const json_t *o, const char *k)
{
  const char *v = json_string_value(json_object_get(o, k));
  return v != NULL ? v : "";
}

/* Sets @a k of @a o to the number of digits text @a v, when it has one. */
static void
set_id(json_t *o, const char *k, const char *v)
{
  if (v[0] != '\0' && strspn(v, "0123456789") == strlen(v) && strlen(v) < 13)
    json_object_set_new(o, k, json_integer(strtoll(v, NULL, 10)));
}

/* Sets @a k of @a o to @a v when it is not empty. */
static void
set_text(json_t *o, const char *k, const char *v)
{
  if (v[0] != '\0')
    json_object_set_new(o, k, json_string(v));
}

/* Depot's sender (as saved on the account) as JD's fromAddress. */
static json_t *
from_address(const json_t *s)
{
  json_t *a = json_object();
  set_id(a, "provinceId", str(s, "province_id"));
  set_text(a, "provinceName", str(s, "province"));
  set_id(a, "cityId", str(s, "city_id"));
  set_text(a, "cityName", str(s, "city"));
  set_id(a, "countryId", str(s, "district_id"));
  set_text(a, "countryName", str(s, "district"));
  set_id(a, "countrysideId", str(s, "town_id"));
  set_text(a, "countrysideName", str(s, "town"));
  set_text(a, "address", str(s, "detail"));
  set_text(a, "contact", str(s, "name"));
  const char *mobile = str(s, "mobile"), *phone = str(s, "phone");
  set_text(a, "mobile", mobile[0] != '\0' ? mobile : phone);
  set_text(a, "phone", phone[0] != '\0' ? phone : mobile);
  return a;
}

/*
 * The toAddress of Depot's ship_to @a r as pulled from JD (channel_jd.c:
 * line1 the fullAddress, line2 the county and town, city, region the
 * province).
 */
static json_t *
to_address(const json_t *r)
{
  json_t *a = json_object();
  set_text(a, "provinceName", str(r, "region"));
  set_text(a, "cityName", str(r, "city"));
  set_text(a, "countryName", str(r, "line2"));
  set_text(a, "address", str(r, "line1"));
  set_text(a, "contact", str(r, "name"));
  set_text(a, "mobile", str(r, "phone"));
  set_text(a, "phone", str(r, "phone"));
  return a;
}

/* The receive call's content text for Depot's request @a req. */
static char *
receive_content(const json_t *req)
{
  const json_t *svc = json_object_get(req, "service");
  long long g = json_integer_value(json_object_get(req, "weight_g"));
  long long count = 0;
  size_t i;
  const json_t *it;
  json_array_foreach(json_object_get(req, "items"), i, it)
  {
    count += json_integer_value(json_object_get(it, "count"));
  }
  const char *order =
      json_string_value(json_array_get(json_object_get(req, "order_ids"), 0));
  json_t *c = json_pack(
      "{s:i, s:i, s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:i, s:i, s:f, s:b, "
      "s:f, s:i, s:I, s:o, s:o}",
      "waybillType", 1, "waybillCount", 1, "providerCode", str(req, "cp_code"),
      "salePlatform", SALE_PLATFORM_JD, "platformOrderNo",
      order != NULL ? order : "", "vendorCode", str(svc, "vendor_code"),
      "vendorOrderCode", str(req, "object_id"), "weight",
      (double)(g > 0 ? g : 0) / 1000.0, "volume", 0.0, "payType", 0,
      "promiseTimeType", 0, "shouldPayMoney", 0.0, "needGuarantee", 0,
      "guaranteeMoney", 0.0, "receiveTimeType", 0, "goodsCount",
      (json_int_t)(count > 0 ? count : 1), "fromAddress",
      from_address(json_object_get(req, "sender")), "toAddress",
      to_address(json_object_get(req, "recipient")));
  if (c == NULL)
    return NULL;
  set_id(c, "providerId", str(svc, "provider_id"));
  set_text(c, "branchCode", str(svc, "branch_code"));
  set_text(c, "settlementCode", str(svc, "settlement_code"));
  set_text(c, "vendorName", str(svc, "vendor_name"));
  /* Kilograms with two decimals, as JD takes them. */
  char *text = json_dumps(c, JSON_COMPACT | JSON_REAL_PRECISION(12));
  json_decref(c);
  return text;
}

/*
 * The resultInfo of answer @a r: its data into @a data, or a refusal in
 * @a err (final) for a statusCode other than 0.
 */
static enum core_ec
result_of(const json_t *r, const char *what, const json_t **data,
          struct channel_error *err)
{
  const json_t *ri = json_object_get(r, "resultInfo");
  const json_t *sc = json_object_get(ri, "statusCode");
  long long code = json_is_integer(sc)  ? json_integer_value(sc)
                   : json_is_string(sc) ? atoll(json_string_value(sc))
                                        : -1;
  if (!json_is_object(ri) || (!json_is_integer(sc) && !json_is_string(sc))) {
    snprintf(err->msg, sizeof err->msg, "%s answered without resultInfo", what);
    return CORE_EC_CHANNEL_UPSTREAM;
  }
  if (code != 0) {
    snprintf(err->code, sizeof err->code, "statusCode %lld", code);
    snprintf(err->msg, sizeof err->msg, "%s", str(ri, "statusMessage"));
    err->final = true;
    return CORE_EC_CHANNEL_UPSTREAM;
  }
  *data = json_object_get(ri, "data");
  return CORE_EC_OK;
}

/* The bigshot (routing) of @a code as print data; {} when it fails. */
static json_t *
print_data(const struct channel_creds *c, const char *provider,
           const char *code, struct core_arena *arena)
{
  json_t *biz =
      json_pack("{s:s, s:s}", "waybillCode", code, "providerCode", provider);
  json_t *root = NULL;
  const json_t *r = NULL, *d = NULL;
  struct channel_error e = {0};
  enum core_ec ec = channel_jd_call(
      c, "jingdong.ldop.alpha.vendor.bigshot.query", biz, arena, &root, &r, &e);
  json_decref(biz);
  if (ec == CORE_EC_OK)
    ec = result_of(r, "bigshot.query", &d, &e);
  json_t *pd = json_pack("{s:s, s:s}", "waybillCode", code, "cpCode", provider);
  if (ec == CORE_EC_OK && json_is_object(d)) {
    const char *second = str(d, "secondSectionCode"),
               *third = str(d, "thirdSectionCode");
    json_object_set_new(
        pd, "routingInfo",
        json_pack(
            "{s:s, s:{s:s}, s:s}", "bigShotName", str(d, "bigShotName"),
            "consolidation", "name", str(d, "gatherCenterName"), "routeCode",
            core_arena_printf(arena, "%s%s%s", second,
                              second[0] != '\0' && third[0] != '\0' ? "-" : "",
                              third)));
    json_object_set(pd, "bigshot", (json_t *)d);
  }
  json_decref(root);
  return pd;
}

static enum core_ec
waybill_get(const struct channel_creds *c, const json_t *req,
            struct core_arena *arena, json_t **out, struct channel_error *err)
{
  char *text = receive_content(req);
  if (text == NULL) {
    snprintf(err->msg, sizeof err->msg, "cannot build the waybill request");
    err->final = true;
    return CORE_EC_CHANNEL_UPSTREAM;
  }
  json_t *biz = json_pack("{s:s}", "content", text);
  free(text);
  json_t *root = NULL;
  const json_t *r = NULL, *d = NULL;
  enum core_ec ec = channel_jd_call(c, "jingdong.ldop.alpha.waybill.receive",
                                    biz, arena, &root, &r, err);
  json_decref(biz);
  if (ec == CORE_EC_OK)
    ec = result_of(r, "waybill.receive", &d, err);
  const char *code = ec == CORE_EC_OK
                         ? json_string_value(json_array_get(
                               json_object_get(d, "waybillCodeList"), 0))
                         : NULL;
  if (ec == CORE_EC_OK && (code == NULL || code[0] == '\0')) {
    snprintf(err->msg, sizeof err->msg,
             "the waybill service answered no waybill code for %.80s",
             str(req, "object_id"));
    err->final = true;
    ec = CORE_EC_CHANNEL_UPSTREAM;
  }
  if (ec == CORE_EC_OK) {
    code = core_arena_strdup(arena, code);
    *out = json_pack("{s:s, s:s, s:o}", "waybill_code", code, "object_id",
                     str(req, "object_id"), "print_data",
                     print_data(c, str(req, "cp_code"), code, arena));
  }
  json_decref(root);
  return ec;
}

static enum core_ec
waybill_cancel(const struct channel_creds *c, const json_t *req,
               struct core_arena *arena, json_t **out,
               struct channel_error *err)
{
  json_t *biz = json_pack("{s:s, s:s}", "providerCode", str(req, "cp_code"),
                          "waybillCode", str(req, "waybill_code"));
  set_id(biz, "providerId",
         str(json_object_get(req, "service"), "provider_id"));
  json_t *root = NULL;
  const json_t *r = NULL, *d = NULL;
  enum core_ec ec = channel_jd_call(c, "jingdong.ldop.alpha.waybill.api.unbind",
                                    biz, arena, &root, &r, err);
  json_decref(biz);
  if (ec == CORE_EC_OK)
    ec = result_of(r, "waybill.api.unbind", &d, err);
  if (ec == CORE_EC_OK)
    *out = json_pack("{s:b}", "cancel_result", 1);
  json_decref(root);
  return ec;
}

enum core_ec
channel_jd_waybill(const struct channel_creds *c, const json_t *req,
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
