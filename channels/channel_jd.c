/*
 * JD (京东) through the JOS open platform (宙斯, jos.jd.com): the only file
 * that knows JOS. What it follows, and where each piece was read:
 *
 * - The router (https://api.jd.com/routerjson; api-dev.jd.com for
 *   pre-release; the old gw.api.360buy.com/routerjson) takes the system
 *   parameters method, app_key, access_token, timestamp ("yyyy-MM-dd
 *   HH:mm:ss", Beijing time; the router allows 10 minutes of drift, 6 in
 *   older pages), format=json, v=2.0 and sign, plus the API's own
 *   parameters as ONE parameter, 360buy_param_json: standard JSON text
 *   with its keys in alphabetical order. Read in JOS's 开发规范 (call
 *   protocol) pages as quoted by help.jd.com/jos/question-580.html and a
 *   public JOS integration guide (runtime-dashboard.sp.baishan.com,
 *   "jingdong"), and in JOS's own Python SDK (seven_jd, jd/api/base.py).
 *   JOS has no sign_method system parameter as TOP has: MD5 is the one
 *   method, so a JD store's connection takes sign_method md5 only.
 * - Signing: every parameter but sign, sorted by name, each name followed
 *   by its value (values not URL-encoded), between the app secret twice:
 *   MD5(secret + k1v1k2v2… + secret), uppercase hex. Read in the same
 *   pages and in the SDK's sign(secret, parameters). No published example
 *   vector was found: tests/unit/channels/test_channel_jd.c checks an
 *   independently computed one (node's crypto in tests/sim/jd_sim.mjs
 *   computes the same signature with its own code).
 * - An error is {"error_response":{"code":"12","zh_desc":"无效签名",
 *   "en_desc":"Invalid Signature"}} (code as a string). From the gateway
 *   error table (a copy on blog.csdn.net/DianSan_ERP, "网关系统错误码"): 2
 *   call limited, 7 missing timestamp, 8 invalid timestamp, 11 missing
 *   signature, 12 invalid signature, 14 missing method, 15 invalid method;
 *   and 19 invalid access_token (无效access_token, the body quoted in a
 *   public JOS PHP client). The code for a missing access_token was not in
 *   the part of the table that could be read: the simulator answers 19 for
 *   it too. Codes 11, 12 and 19 mean the credentials are wrong: the
 *   connection asks to be re-authorised.
 * - A success answers {"<method with '_' for '.'>_responce":{…}} — JOS
 *   spells it "responce" (as every public client shows).
 * - jingdong.pop.order.search (SOP orders): start_date, end_date,
 *   order_state (a comma list), optional_fields, page, page_size (at most
 *   100), dateType (0: modification time, 1: creation time) and sortType
 *   (1: descending); answers searchorderinfo_result {orderInfoList[],
 *   orderTotal, apiResult{success, chineseErrCode, englishErrCode}}.
 *   An order carries orderId, orderState, modified, orderPayment,
 *   freightPrice, sellerDiscount, orderRemark, pin, consigneeInfo
 *   {fullname, mobile, telephone, province, city, county, town,
 *   fullAddress} and itemInfoList[] {skuId, outerSkuId (商家编码), skuName,
 *   jdPrice, itemTotal}. Field names read from JOS's SDK request class
 *   (PopOrderSearchRequest) and public clients' use of the answer; the API
 *   page itself (jos.jd.com apiId 15660) was not readable here. Pages are
 *   read last first with sortType 1, as the Taobao adapter does: an order
 *   that changes meanwhile leaves the window and none is missed.
 * - Order states taken: WAIT_SELLER_STOCK_OUT (等待出库: paid, to ship)
 *   becomes an order; TRADE_CANCELED (取消) cancels one (a refund before
 *   shipping ends there); LOCKED (a cancellation the buyer asked for is
 *   pending) is left until it settles — its next change comes with a new
 *   modification time. Orders shipped outside Depot are not taken.
 * - jingdong.pop.order.shipment: orderId, logiCoprId (JD's id of the
 *   logistics company), logiNo (the waybill); answers
 *   sopjosshipment_result {success, chineseErrCode, englishErrCode}.
 *   The carrier comes as JD's id already when the seller's
 *   carrier.platform_codes or the built-in channel_carrier_code table
 *   (migration 0386, from a public JOS client's table of common ids: ZTO
 *   1499, YUNDA 1327, STO 470, YTO 463, SF 467, EMS 465, DBL 3046, JD
 *   2087) knows it; else SF and EMS are still mapped here, and another
 *   code goes as it is.
 *   The call ships the whole order. JOS has no per-parcel or per-line
 *   send for SOP orders: its parameter notes (JD's SDK request classes,
 *   PopOrderShipmentRequest) take several companies in logiCoprId
 *   separated by '|' ("2100|4700") and several waybills in logiNo ('|'
 *   between companies, ',' within one: "1200458628372,111232|
 *   468778814888"), all in the one call that ships the order. Parcels ship
 *   at different times, so the first parcel of a split order ships it at
 *   JD with its waybill, and a later parcel is refused here, before any
 *   call, with a message that says so (exceptions desk) — the seller adds
 *   that waybill in JD's back office (京麦) if the buyer should see it.
 * - Token refresh: JD OAuth, GET https://open-oauth.jd.com/oauth2/
 *   refresh_token?app_key&app_secret&grant_type=refresh_token&
 *   refresh_token; answers access_token, refresh_token, expires_in
 *   (seconds), or a non-zero code with msg.
 *
 * - E-waybills (京东无界电子面单): channel_jd_waybill.c, through
 *   channel_jd_call.
 *
 * Buyer data comes masked (or encrypted) from JOS: it is kept as given;
 * Depot invents no unmasked data.
 */
#include "channel_jd.h"
#include "channel_jd_waybill.h"

#include "core_arena.h"
#include "core_money.h"

#include <openssl/evp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_PARAMS = 16, TIMEOUT_S = 20 };

/* The order states the pull asks for, and the fields. */
static const char order_states[] =
    "WAIT_SELLER_STOCK_OUT,TRADE_CANCELED,LOCKED";
static const char order_fields[] =
    "orderId,orderState,modified,orderPayment,freightPrice,sellerDiscount,"
    "orderRemark,pin,consigneeInfo,itemInfoList";

static int
by_key(const void *a, const void *b)
{
  const struct channel_jd_param *x = a, *y = b;
  return strcmp(x->key, y->key);
}

bool
channel_jd_sign(const struct channel_jd_param *p, size_t n, const char *secret,
                char out[33])
{
  struct channel_jd_param s[MAX_PARAMS];
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (strcmp(p[i].key, "sign") == 0 || p[i].value == NULL ||
        p[i].value[0] == '\0' || p[i].key[0] == '\0')
      continue;
    if (m == MAX_PARAMS)
      return false;
    s[m++] = p[i];
  }
  qsort(s, m, sizeof s[0], by_key);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  bool ok = ctx != NULL && EVP_DigestInit_ex(ctx, EVP_md5(), NULL) == 1 &&
            EVP_DigestUpdate(ctx, secret, strlen(secret)) == 1;
  for (size_t i = 0; ok && i < m; i++)
    ok = EVP_DigestUpdate(ctx, s[i].key, strlen(s[i].key)) == 1 &&
         EVP_DigestUpdate(ctx, s[i].value, strlen(s[i].value)) == 1;
  ok = ok && EVP_DigestUpdate(ctx, secret, strlen(secret)) == 1 &&
       EVP_DigestFinal_ex(ctx, md, &len) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok || len != 16)
    return false;
  for (unsigned i = 0; i < len; i++)
    snprintf(out + 2 * i, 3, "%02X", md[i]);
  return true;
}

void
channel_jd_time(time_t t, char out[20])
{
  time_t local = t + 8 * 3600;
  struct tm tm;
  gmtime_r(&local, &tm);
  strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}

const char *
channel_jd_refresh_url(const char *base_url, struct core_arena *arena)
{
  const char *host = strstr(base_url, "://");
  host = host != NULL ? host + 3 : base_url;
  size_t hl = strcspn(host, "/?");
  if ((hl == 10 && strncmp(host, "api.jd.com", 10) == 0) ||
      (hl == 14 && strncmp(host, "api-dev.jd.com", 14) == 0))
    return "https://open-oauth.jd.com/oauth2/refresh_token";
  return core_arena_printf(arena, "%.*s/oauth2/refresh_token",
                           (int)(host - base_url + (ptrdiff_t)hl), base_url);
}

/* A string or number member as text, "" if absent (JOS sends both). */
static const char *
text(const json_t *o, const char *k, struct core_arena *arena)
{
  const json_t *v = json_object_get(o, k);
  if (json_is_string(v))
    return json_string_value(v);
  if (json_is_integer(v))
    return core_arena_printf(arena, "%lld", (long long)json_integer_value(v));
  if (json_is_real(v))
    return core_arena_printf(arena, "%.2f", json_real_value(v));
  return "";
}

/* Fills @a err from an error_response @a e. */
static void
jos_error(const json_t *e, struct channel_error *err, struct core_arena *arena)
{
  const char *zh = text(e, "zh_desc", arena), *en = text(e, "en_desc", arena);
  snprintf(err->code, sizeof err->code, "%s", text(e, "code", arena));
  snprintf(err->sub_code, sizeof err->sub_code, "%s", "");
  snprintf(err->msg, sizeof err->msg, "%s%s%s", en, en[0] != '\0' ? " " : "",
           zh);
  long c = strtol(err->code, NULL, 10);
  err->auth = c == 11 || c == 12 || c == 19;
  err->final = false;
}

/* The form of @a n parameters @a p, each value form-encoded. */
static const char *
form_of(const struct channel_jd_param *p, size_t n, struct core_arena *arena)
{
  const char *form = "";
  for (size_t i = 0; i < n; i++)
    form = core_arena_printf(arena, "%s%s%s=%s", form, i > 0 ? "&" : "",
                             p[i].key, channel_form_escape(p[i].value, arena));
  return form;
}

/*
 * Calls JOS method @a method with API parameters @a biz (an object,
 * borrowed; sent as 360buy_param_json); the "<method>_responce" object
 * into @a out (owned by @a root, which the caller frees).
 * CORE_EC_CHANNEL_UPSTREAM with @a err on any failure.
 */
static enum core_ec
jos_call(const struct channel_creds *c, const char *method, const json_t *biz,
         struct core_arena *arena, json_t **root, const json_t **out,
         struct channel_error *err)
{
  char ts[20], sign[33];
  *root = NULL;
  if (c->sign_method != NULL && strcmp(c->sign_method, "md5") != 0) {
    snprintf(err->msg, sizeof err->msg, "JOS signs with md5 only, not %s",
             c->sign_method);
    err->final = true;
    return CORE_EC_CHANNEL_UPSTREAM;
  }
  char *json = json_dumps(biz, JSON_COMPACT | JSON_SORT_KEYS);
  const char *pj = core_arena_strdup(arena, json != NULL ? json : "{}");
  free(json);
  channel_jd_time(time(NULL), ts);
  struct channel_jd_param p[8] = {
      {"method", method}, {"app_key", c->app_key},
      {"timestamp", ts},  {"format", "json"},
      {"v", "2.0"},       {"360buy_param_json", pj},
  };
  size_t m = 6;
  if (c->session != NULL && c->session[0] != '\0')
    p[m++] = (struct channel_jd_param){"access_token", c->session};
  if (!channel_jd_sign(p, m, c->app_secret, sign)) {
    snprintf(err->msg, sizeof err->msg, "cannot sign the request");
    err->final = true;
    return CORE_EC_CHANNEL_UPSTREAM;
  }
  p[m++] = (struct channel_jd_param){"sign", sign};
  long status = 0;
  const char *body = NULL;
  if (!channel_http_post(c->base_url, form_of(p, m, arena), TIMEOUT_S, arena,
                         &status, &body, err))
    return CORE_EC_CHANNEL_UPSTREAM;
  *root = json_loads(body, 0, NULL);
  if (*root == NULL || !json_is_object(*root)) {
    snprintf(err->msg, sizeof err->msg, "HTTP %ld, not JSON: %.120s", status,
             body);
    return CORE_EC_CHANNEL_UPSTREAM;
  }
  const json_t *e = json_object_get(*root, "error_response");
  if (e != NULL) {
    jos_error(e, err, arena);
    return CORE_EC_CHANNEL_UPSTREAM;
  }
  char key[128];
  snprintf(key, sizeof key, "%s_responce", method);
  for (char *k = key; *k != '\0'; k++)
    if (*k == '.')
      *k = '_';
  *out = json_object_get(*root, key);
  if (!json_is_object(*out)) {
    snprintf(err->msg, sizeof err->msg, "HTTP %ld without %s", status, key);
    return CORE_EC_CHANNEL_UPSTREAM;
  }
  return CORE_EC_OK;
}

enum core_ec
channel_jd_call(const struct channel_creds *c, const char *method,
                const json_t *biz, struct core_arena *arena, json_t **root,
                const json_t **out, struct channel_error *err)
{
  return jos_call(c, method, biz, arena, root, out, err);
}

/* One line per item; the seller's SKU code (商家编码) names it. */
static json_t *
lines_of(const json_t *order, struct core_arena *arena)
{
  json_t *lines = json_array();
  size_t i;
  const json_t *l;
  json_array_foreach(json_object_get(order, "itemInfoList"), i, l)
  {
    const char *sku = text(l, "outerSkuId", arena);
    if (sku[0] == '\0')
      sku = text(l, "skuId", arena);
    long long qty = atoll(text(l, "itemTotal", arena));
    const char *price = text(l, "jdPrice", arena);
    json_array_append_new(
        lines, json_pack("{s:s, s:I, s:s, s:s, s:b, s:s}", "sku", sku, "qty",
                         (json_int_t)(qty > 0 ? qty : 1), "unit_price",
                         price[0] != '\0' ? price : "0", "name",
                         text(l, "skuName", arena), "requires_shipping", 1,
                         "external_line_id", text(l, "skuId", arena)));
  }
  return lines;
}

/* Sets money member @a k of @a doc from JOS field @a f when it is given. */
static void
money(json_t *doc, const char *k, const json_t *o, const char *f,
      struct core_arena *arena)
{
  const char *v = text(o, f, arena);
  if (v[0] != '\0')
    json_object_set_new(doc, k, json_string(v));
}

/*
 * The normalized document of JOS order @a o, or NULL for one Depot does
 * not take (not to ship, locked by a pending cancellation, or shipped
 * outside Depot).
 */
static json_t *
order_doc(const json_t *o, struct core_arena *arena)
{
  const char *state = text(o, "orderState", arena);
  bool cancelled = strcmp(state, "TRADE_CANCELED") == 0;
  if (!cancelled && strcmp(state, "WAIT_SELLER_STOCK_OUT") != 0)
    return NULL;
  const char *id = text(o, "orderId", arena);
  if (id[0] == '\0')
    return NULL;
  json_t *lines = lines_of(o, arena);
  if (json_array_size(lines) == 0 && !cancelled) {
    json_decref(lines);
    return NULL;
  }
  const json_t *ci = json_object_get(o, "consigneeInfo");
  const char *phone = text(ci, "mobile", arena);
  if (phone[0] == '\0')
    phone = text(ci, "telephone", arena);
  json_t *doc = json_pack(
      "{s:s, s:s, s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
      "s:s}, s:o, s:s, s:s}",
      "external_id", id, "currency", "CNY", "customer", "name",
      text(o, "pin", arena), "email", "", "phone", phone, "ship_to", "name",
      text(ci, "fullname", arena), "line1", text(ci, "fullAddress", arena),
      "line2",
      core_arena_printf(arena, "%s%s", text(ci, "county", arena),
                        text(ci, "town", arena)),
      "city", text(ci, "city", arena), "region", text(ci, "province", arena),
      "postcode", "", "country_code", "CN", "phone", phone, "lines", lines,
      "notes", text(o, "orderRemark", arena), "channel", "jd");
  if (doc == NULL)
    return NULL;
  money(doc, "shipping_amount", o, "freightPrice", arena);
  money(doc, "total", o, "orderPayment", arena);
  /* The seller's discount (商家优惠) on the whole order: intake spreads it
   * over the lines. JD's own subsidies are not the seller's discount. */
  int64_t d = 0;
  if (core_money_cents(text(o, "sellerDiscount", arena), &d) && d > 0)
    money(doc, "discount", o, "sellerDiscount", arena);
  if (cancelled)
    json_object_set_new(
        doc, "cancelled",
        json_string(core_arena_printf(arena, "jd state %s", state)));
  return doc;
}

/* One page of the order search into @a orders (borrowed from @a root). */
static enum core_ec
search_page(const struct channel_creds *c, const char *from, const char *to,
            int page, int size, bool probe, struct core_arena *arena,
            json_t **root, const json_t **orders, long long *total,
            struct channel_error *err)
{
  const char *fields = probe ? "orderId" : order_fields;
  json_t *biz = json_pack(
      "{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:i}", "start_date", from,
      "end_date", to, "order_state", order_states, "optional_fields", fields,
      "page", core_arena_printf(arena, "%d", page), "page_size",
      core_arena_printf(arena, "%d", size), "dateType", 0, "sortType", 1);
  const json_t *r = NULL;
  enum core_ec ec =
      jos_call(c, "jingdong.pop.order.search", biz, arena, root, &r, err);
  json_decref(biz);
  if (ec != CORE_EC_OK)
    return ec;
  const json_t *res = json_object_get(r, "searchorderinfo_result");
  const json_t *api = json_object_get(res, "apiResult");
  if (api != NULL && !json_is_true(json_object_get(api, "success"))) {
    snprintf(err->code, sizeof err->code, "%s", text(api, "numberCode", arena));
    snprintf(err->msg, sizeof err->msg, "%s %s",
             text(api, "englishErrCode", arena),
             text(api, "chineseErrCode", arena));
    return CORE_EC_CHANNEL_UPSTREAM;
  }
  *total = atoll(text(res, "orderTotal", arena));
  const json_t *list = json_object_get(res, "orderInfoList");
  *orders = json_is_array(list) ? list : NULL;
  return CORE_EC_OK;
}

static enum core_ec
jd_pull(const struct channel_creds *c, time_t from, time_t to,
        channel_order_cb cb, void *cls, struct core_arena *arena,
        struct channel_error *err)
{
  char f[20], t[20];
  channel_jd_time(from, f);
  channel_jd_time(to, t);
  int size = c->page_size >= 1 && c->page_size <= 100 ? c->page_size : 100;
  return channel_pull_pages(c, f, t, size, search_page, order_doc, cb, cls,
                            arena, err);
}

/* JD's logistics company id for Depot carrier code @a carrier. */
static const char *
logistics_id(const char *carrier)
{
  static const struct {
    const char *code, *id;
  } known[] = {{"SF", "467"}, {"EMS", "465"}};
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    if (strcmp(carrier, known[i].code) == 0)
      return known[i].id;
  return carrier;
}

static enum core_ec
jd_ship(const struct channel_creds *c, const struct channel_parcel *p,
        struct core_arena *arena, struct channel_error *err)
{
  if (p->n_sub > 0 && !p->first) {
    snprintf(err->msg, sizeof err->msg,
             "cannot send waybill %.40s of a later parcel: JD takes an "
             "order's waybills in its one shipment call, and order %.30s "
             "shipped at JD with an earlier parcel's waybill",
             p->waybill, p->order);
    err->final = true;
    return CORE_EC_CHANNEL_UPSTREAM;
  }
  json_t *biz = json_pack("{s:s, s:s, s:s}", "orderId", p->order, "logiCoprId",
                          logistics_id(p->carrier), "logiNo", p->waybill);
  json_t *root = NULL;
  const json_t *r = NULL;
  enum core_ec ec =
      jos_call(c, "jingdong.pop.order.shipment", biz, arena, &root, &r, err);
  json_decref(biz);
  if (ec == CORE_EC_OK) {
    const json_t *res = json_object_get(r, "sopjosshipment_result");
    const json_t *ok = json_object_get(res, "success");
    if (!json_is_true(ok) &&
        strcmp(json_string_value(ok) != NULL ? json_string_value(ok) : "",
               "true") != 0) {
      snprintf(err->code, sizeof err->code, "%s",
               text(res, "errorCode", arena));
      snprintf(err->msg, sizeof err->msg, "%s %s",
               text(res, "englishErrCode", arena),
               text(res, "chineseErrCode", arena));
      ec = CORE_EC_CHANNEL_UPSTREAM;
    }
  }
  json_decref(root);
  return ec;
}

/*
 * Stock push (issue 27 item 5): jingdong.stock.write.updateSkuStock
 * (JOS API group 商品API/库存: skuId, stockNum and an optional storeId, one
 * SKU per call; answer {"jingdong_stock_write_updateSkuStock_responce":
 * {"code":"0","success":true}}), as JD's open SDK request class
 * StockWriteUpdateSkuStockRequest names it. A listing needs its skuId
 * (platform_sku_id); the wareId is kept for the screen only.
 */
static enum core_ec
jd_stock_push(const struct channel_creds *c, struct channel_stock *rows,
              size_t n, struct core_arena *arena, struct channel_error *err)
{
  enum core_ec ec = CORE_EC_OK;
  for (size_t i = 0; i < n; i++) {
    if (rows[i].sku_id[0] == '\0') {
      snprintf(err->msg, sizeof err->msg,
               "listing %.60s has no JD skuId: map its platform SKU id",
               rows[i].platform_sku);
      err->final = true;
      ec = CORE_EC_CHANNEL_UPSTREAM;
      continue;
    }
    json_t *biz = json_pack("{s:s, s:I}", "skuId", rows[i].sku_id, "stockNum",
                            (json_int_t)rows[i].qty);
    json_t *root = NULL;
    const json_t *r = NULL;
    enum core_ec e = jos_call(c, "jingdong.stock.write.updateSkuStock", biz,
                              arena, &root, &r, err);
    json_decref(biz);
    const json_t *ok = json_object_get(r, "success");
    if (e == CORE_EC_OK && !json_is_true(ok) &&
        strcmp(json_string_value(ok) != NULL ? json_string_value(ok) : "",
               "true") != 0) {
      snprintf(err->msg, sizeof err->msg, "success is not true");
      e = CORE_EC_CHANNEL_UPSTREAM;
    }
    json_decref(root);
    rows[i].pushed = e == CORE_EC_OK;
    if (e != CORE_EC_OK)
      ec = e;
  }
  return ec;
}

static enum core_ec
jd_refresh(const struct channel_creds *c, const char *refresh_token,
           struct core_arena *arena, struct channel_token *out,
           struct channel_error *err)
{
  const char *url =
      core_arena_printf(arena,
                        "%s?app_key=%s&app_secret=%s&grant_type=refresh_token&"
                        "refresh_token=%s",
                        channel_jd_refresh_url(c->base_url, arena),
                        channel_form_escape(c->app_key, arena),
                        channel_form_escape(c->app_secret, arena),
                        channel_form_escape(refresh_token, arena));
  long status = 0;
  const char *body = NULL;
  if (!channel_http_get(url, TIMEOUT_S, arena, &status, &body, err))
    return CORE_EC_CHANNEL_UPSTREAM;
  json_t *tok = json_loads(body, 0, NULL);
  const char *at = json_string_value(json_object_get(tok, "access_token"));
  enum core_ec ec = CORE_EC_OK;
  if (at == NULL || at[0] == '\0') {
    snprintf(err->code, sizeof err->code, "%s", text(tok, "code", arena));
    snprintf(err->msg, sizeof err->msg, "HTTP %ld, no access_token: %.160s",
             status, text(tok, "msg", arena));
    err->auth = true;
    ec = CORE_EC_CHANNEL_UPSTREAM;
  } else {
    const char *rt = json_string_value(json_object_get(tok, "refresh_token"));
    long long in = atoll(text(tok, "expires_in", arena));
    out->access_token = core_arena_strdup(arena, at);
    out->refresh_token =
        rt != NULL && rt[0] != '\0' ? core_arena_strdup(arena, rt) : NULL;
    out->expires_at = in > 0 ? (long long)time(NULL) + in : 0;
  }
  json_decref(tok);
  return ec;
}

const struct channel_adapter channel_jd_adapter = {
    .channel = "jd",
    .pull = jd_pull,
    .ship = jd_ship,
    .refresh = jd_refresh,
    .waybill = channel_jd_waybill,
    .stock_push = jd_stock_push,
};
