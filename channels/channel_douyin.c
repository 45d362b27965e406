/*
 * Douyin shops (抖店) through the Douyin e-commerce open platform
 * (op.jinritemai.com): the only file that knows its API. What it follows,
 * and where each piece was read:
 *
 * - Calls go to https://openapi-fxg.jinritemai.com/<method with '/' for
 *   '.'> (e.g. /order/searchList for order.searchList) with the public
 *   parameters app_key, method, access_token, timestamp (UNIX seconds),
 *   v=2, sign_method (hmac-sha256 or md5), sign, and the API's parameters
 *   as ONE JSON text, param_json, its keys sorted, compact, not
 *   HTML-escaped, every value a string (the platform refuses others with
 *   isv.parameter-format-invalid). Depot sends every parameter in the
 *   query of a POST, as public clients do for token.create. Read in a
 *   public .NET SDK (fudiwei/DotNetCore.SKIT.FlurlHttpClient.ByteDance:
 *   its endpoints, request-signing interceptor, and the order and
 *   logistics models) and in public Python clients; the platform's own
 *   pages were not readable here.
 * - Signing: secret + "app_key" + app_key + "method" + method +
 *   "param_json" + param_json + "timestamp" + timestamp + "v" + v +
 *   secret, then HMAC-SHA256 keyed by the secret (Depot's sign_method
 *   "hmac") or MD5 ("md5"), lowercase hex. No published example vector
 *   with its signature was found: tests/unit/channels/test_channel_douyin.c
 *   checks one computed independently (and node's crypto in
 *   tests/sim/douyin_sim.mjs computes the same signature with its own
 *   code).
 * - Every answer is {"code":10000,"msg":"success","sub_code":"",
 *   "sub_msg":"","log_id":"…","data":{…}} (older answers also carry
 *   err_no 0 and message); an error has another code and a sub_code. The
 *   platform's base error table (平台基础错误码汇总, as a public PHP client
 *   copies it): 40001 a required parameter is missing
 *   (isv.signature-missing, isv.access-token-missing), 40003 an invalid
 *   one (isv.signature-invalid, isv.access-token-expired,
 *   isv.access-token-no-existed, isv.access-token-invalid,
 *   isv.timestamp-invalid, isv.parameter-format-invalid), 30001
 *   permission (dop.authorization-no-existed …), 60000 rate limited.
 *   Signature and token sub codes mean the credentials need attention.
 * - order.searchList: update_time_start, update_time_end (seconds), page
 *   (from 0), size (at most 100), order_by update_time, order_asc; answers
 *   data {shop_order_list[], page, size, total}. A shop order carries
 *   order_id, order_status (2 备货中: paid, to ship; 4 已取消; 1, 105, 101,
 *   3, 5 otherwise), update_time, order_amount, pay_amount, post_amount,
 *   promotion_shop_amount, promotion_platform_amount (all in fen),
 *   buyer_words, seller_words, the receiver (mask_post_receiver,
 *   mask_post_tel, mask_post_addr when given; else encrypt_post_receiver,
 *   encrypt_post_tel, post_addr {province, city, town, street {name},
 *   encrypt_detail}) and sku_order_list[] {sku_order_id, sku_id, code
 *   (SKU code), outer_sku_id (商家编码), out_sku_id, product_name, item_num,
 *   origin_amount (unit price, fen), promotion_shop_amount}. Pages are
 *   read last first in ascending update time, as for Pinduoduo: an order
 *   that changes meanwhile leaves the window and none is missed.
 * - Orders taken: order_status 2 becomes an order, 4 cancels one (a
 *   refund before shipping ends there). Others are not taken.
 * - Discounts: each sku order's promotion_shop_amount (店铺优惠, the shop's
 *   coupons and full discounts on that line) is the line's discount; the
 *   platform's (promotion_platform_amount), the talent's and red packets
 *   are not the seller's and are not taken.
 * - order.logisticsAdd: order_id, company_code (Douyin's code of the
 *   logistics company, from order.logisticsCompanyList), logistics_code
 *   (the tracking number); answers code 10000. The carrier comes as
 *   Douyin's company code already when the seller's
 *   carrier.platform_codes or the built-in channel_carrier_code table
 *   (migration 0386: ZTO zhongtong, SF shunfeng, JTSD jtexpress …) knows
 *   it; another is sent lowercased (carrier ZHONGTONG goes as zhongtong)
 *   and Douyin refuses an unknown one (isv.business-failed:60018, the
 *   exceptions desk shows it).
 *   The call ships the whole order.
 * - order.logisticsAddMultiPack (拆包发货: "one shop order split into
 *   several logistics packages"): order_id, request_id (idempotent: the
 *   same request_id again answers the first success and ships nothing),
 *   pack_list[] {shipped_order_info[] {shipped_order_id (the sku order),
 *   shipped_num}, logistics_code, company_code}; answers data
 *   {pack_list[] {pack_id, …}}. A parcel of an order that ships in parts
 *   goes as one pack of its sku orders and units (Douyin marks the order
 *   partly shipped, 101, until every sku order has shipped), with
 *   Depot's write-back id as request_id. Read in public SDKs
 *   (sevencat/ecommerce_sdk OrderLogisticsAddMultiPack.cs with the API's
 *   description and error table; westng/doudian-sdk's generated
 *   param classes).
 * - Token refresh: token.refresh with param_json {grant_type:
 *   refresh_token, refresh_token} and no access_token; answers data
 *   {access_token, refresh_token, expires_in}.
 *
 * Amounts come in fen and are written as yuan. Buyer data comes masked or
 * encrypted: kept as given; Depot never decrypts or invents it.
 */
#include "channel_douyin.h"
#include "channel_douyin_waybill.h"

#include "core_arena.h"

#include <ctype.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { TIMEOUT_S = 20, MAX_PAGES = 1000 };

bool
channel_douyin_sign(const char *app_key, const char *method,
                    const char *param_json, const char *timestamp,
                    const char *v, const char *secret, bool hmac, char out[65])
{
  size_t n = 2 * strlen(secret) + strlen(app_key) + strlen(method) +
             strlen(param_json) + strlen(timestamp) + strlen(v) + 64;
  char *text = malloc(n);
  if (text == NULL)
    return false;
  int len = snprintf(text, n, "%sapp_key%smethod%sparam_json%stimestamp%sv%s%s",
                     secret, app_key, method, param_json, timestamp, v, secret);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int mdlen = 0;
  bool ok = len > 0 && (size_t)len < n;
  if (ok && hmac)
    ok = HMAC(EVP_sha256(), secret, (int)strlen(secret),
              (const unsigned char *)text, (size_t)len, md, &mdlen) != NULL &&
         mdlen == 32;
  else if (ok)
    ok = EVP_Digest(text, (size_t)len, md, &mdlen, EVP_md5(), NULL) == 1 &&
         mdlen == 16;
  free(text);
  if (!ok)
    return false;
  for (unsigned i = 0; i < mdlen; i++)
    snprintf(out + 2 * i, 3, "%02x", md[i]);
  return true;
}

/* A string or number member as text, "" if absent. */
static const char *
text(const json_t *o, const char *k, struct core_arena *arena)
{
  const json_t *v = json_object_get(o, k);
  if (json_is_string(v))
    return json_string_value(v);
  if (json_is_integer(v))
    return core_arena_printf(arena, "%lld", (long long)json_integer_value(v));
  if (json_is_real(v))
    return core_arena_printf(arena, "%.0f", json_real_value(v));
  return "";
}

/* Fen (an integer, or its text) as yuan text ("1234" -> "12.34"). */
static const char *
yuan(const json_t *o, const char *k, struct core_arena *arena)
{
  const char *t = text(o, k, arena);
  if (t[0] == '\0')
    return "";
  long long fen = atoll(t);
  return core_arena_printf(arena, "%s%lld.%02lld", fen < 0 ? "-" : "",
                           llabs(fen) / 100, llabs(fen) % 100);
}

/* Fills @a err from an answer @a j that is not a success. */
static void
dy_error(const json_t *j, struct channel_error *err, struct core_arena *arena)
{
  const char *code = text(j, "code", arena);
  if (code[0] == '\0')
    code = text(j, "err_no", arena);
  const char *msg = text(j, "msg", arena);
  if (msg[0] == '\0')
    msg = text(j, "message", arena);
  const char *sub = text(j, "sub_code", arena);
  snprintf(err->code, sizeof err->code, "%s", code);
  snprintf(err->sub_code, sizeof err->sub_code, "%s", sub);
  snprintf(err->msg, sizeof err->msg, "%s %s", msg, text(j, "sub_msg", arena));
  err->auth = strcmp(sub, "isv.signature-invalid") == 0 ||
              strcmp(sub, "isv.signature-missing") == 0 ||
              strncmp(sub, "isv.access-token", 16) == 0 ||
              strncmp(sub, "dop.authorization", 17) == 0 ||
              strcmp(sub, "isv.app-id-invalid") == 0;
  err->final = false;
}

/*
 * Calls @a method with business parameters @a biz (an object of strings,
 * borrowed), as the seller when @a as_seller; the answer's "data" into
 * @a out (owned by @a root, which the caller frees).
 */
static enum core_ec
dy_call(const struct channel_creds *c, const char *method, const json_t *biz,
        bool as_seller, struct core_arena *arena, json_t **root,
        const json_t **out, struct channel_error *err)
{
  *root = NULL;
  bool hmac = c->sign_method == NULL || strcmp(c->sign_method, "md5") != 0;
  char *json = json_dumps(biz, JSON_COMPACT | JSON_SORT_KEYS);
  const char *pj = core_arena_strdup(arena, json != NULL ? json : "{}");
  free(json);
  const char *ts = core_arena_printf(arena, "%lld", (long long)time(NULL));
  char sign[65];
  if (!channel_douyin_sign(c->app_key, method, pj, ts, "2", c->app_secret, hmac,
                           sign)) {
    snprintf(err->msg, sizeof err->msg, "cannot sign the request");
    err->final = true;
    return CORE_EC_CHANNEL_UPSTREAM;
  }
  const char *path = core_arena_strdup(arena, method);
  for (char *p = (char *)path; *p != '\0'; p++)
    if (*p == '.')
      *p = '/';
  size_t bl = strlen(c->base_url);
  while (bl > 0 && c->base_url[bl - 1] == '/')
    bl--;
  const char *url = core_arena_printf(
      arena,
      "%.*s/%s?app_key=%s&method=%s&param_json=%s&timestamp=%s&v=2&"
      "sign_method=%s&sign=%s%s%s",
      (int)bl, c->base_url, path, channel_form_escape(c->app_key, arena),
      channel_form_escape(method, arena), channel_form_escape(pj, arena), ts,
      hmac ? "hmac-sha256" : "md5", sign, as_seller ? "&access_token=" : "",
      as_seller
          ? channel_form_escape(c->session != NULL ? c->session : "", arena)
          : "");
  long status = 0;
  const char *body = NULL;
  if (!channel_http_post(url, "", TIMEOUT_S, arena, &status, &body, err))
    return CORE_EC_CHANNEL_UPSTREAM;
  *root = json_loads(body, 0, NULL);
  if (*root == NULL || !json_is_object(*root)) {
    snprintf(err->msg, sizeof err->msg, "HTTP %ld, not JSON: %.120s", status,
             body);
    return CORE_EC_CHANNEL_UPSTREAM;
  }
  const json_t *code = json_object_get(*root, "code");
  const json_t *errno_ = json_object_get(*root, "err_no");
  bool ok = code != NULL ? json_integer_value(code) == 10000 ||
                               strcmp(text(*root, "code", arena), "10000") == 0
                         : errno_ != NULL && json_integer_value(errno_) == 0;
  if (!ok) {
    dy_error(*root, err, arena);
    return CORE_EC_CHANNEL_UPSTREAM;
  }
  *out = json_object_get(*root, "data");
  if (!json_is_object(*out)) {
    snprintf(err->msg, sizeof err->msg, "HTTP %ld without data", status);
    return CORE_EC_CHANNEL_UPSTREAM;
  }
  return CORE_EC_OK;
}

enum core_ec
channel_douyin_call(const struct channel_creds *c, const char *method,
                    const json_t *biz, struct core_arena *arena, json_t **root,
                    const json_t **out, struct channel_error *err)
{
  return dy_call(c, method, biz, true, arena, root, out, err);
}

/* One line per sku order; the seller's SKU code (商家编码) names it. */
static json_t *
lines_of(const json_t *order, struct core_arena *arena)
{
  json_t *lines = json_array();
  size_t i;
  const json_t *l;
  json_array_foreach(json_object_get(order, "sku_order_list"), i, l)
  {
    const char *sku = text(l, "outer_sku_id", arena);
    if (sku[0] == '\0')
      sku = text(l, "code", arena);
    if (sku[0] == '\0')
      sku = text(l, "out_sku_id", arena);
    if (sku[0] == '\0')
      sku = text(l, "sku_id", arena);
    long long qty = atoll(text(l, "item_num", arena));
    const char *price = yuan(l, "origin_amount", arena);
    json_t *line =
        json_pack("{s:s, s:I, s:s, s:s, s:b, s:s}", "sku", sku, "qty",
                  (json_int_t)(qty > 0 ? qty : 1), "unit_price",
                  price[0] != '\0' ? price : "0", "name",
                  text(l, "product_name", arena), "requires_shipping", 1,
                  "external_line_id", text(l, "sku_order_id", arena));
    /* The shop's discount on this line (店铺优惠), never the platform's. */
    if (atoll(text(l, "promotion_shop_amount", arena)) > 0)
      json_object_set_new(line, "discount",
                          json_string(yuan(l, "promotion_shop_amount", arena)));
    json_array_append_new(lines, line);
  }
  return lines;
}

/* The name of area @a k of address @a a ({"name": …}), or "". */
static const char *
area(const json_t *a, const char *k, struct core_arena *arena)
{
  return text(json_object_get(a, k), "name", arena);
}

/* The normalized document of shop order @a o, or NULL when not taken. */
static json_t *
order_doc(const json_t *o, struct core_arena *arena)
{
  long status = strtol(text(o, "order_status", arena), NULL, 10);
  bool cancelled = status == 4;
  if (!cancelled && status != 2)
    return NULL;
  const char *id = text(o, "order_id", arena);
  if (id[0] == '\0')
    return NULL;
  json_t *lines = lines_of(o, arena);
  if (json_array_size(lines) == 0 && !cancelled) {
    json_decref(lines);
    return NULL;
  }
  /* The masked receiver when given, else the encrypted one as given. */
  const json_t *addr = json_object_get(o, "mask_post_addr");
  if (!json_is_object(addr))
    addr = json_object_get(o, "post_addr");
  const char *name = text(o, "mask_post_receiver", arena);
  if (name[0] == '\0')
    name = text(o, "encrypt_post_receiver", arena);
  const char *phone = text(o, "mask_post_tel", arena);
  if (phone[0] == '\0')
    phone = text(o, "encrypt_post_tel", arena);
  const char *detail = text(addr, "detail", arena);
  if (detail[0] == '\0')
    detail = text(addr, "encrypt_detail", arena);
  const char *bw = text(o, "buyer_words", arena);
  const char *sw = text(o, "seller_words", arena);
  const char *notes = bw[0] != '\0' && sw[0] != '\0'
                          ? core_arena_printf(arena, "%s / %s", bw, sw)
                          : (bw[0] != '\0' ? bw : sw);
  json_t *doc = json_pack(
      "{s:s, s:s, s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
      "s:s}, s:o, s:s, s:s}",
      "external_id", id, "currency", "CNY", "customer", "name", name, "email",
      "", "phone", phone, "ship_to", "name", name, "line1", detail, "line2",
      core_arena_printf(arena, "%s%s", area(addr, "town", arena),
                        area(addr, "street", arena)),
      "city", area(addr, "city", arena), "region",
      area(addr, "province", arena), "postcode", "", "country_code", "CN",
      "phone", phone, "lines", lines, "notes", notes, "channel", "douyin");
  if (doc == NULL)
    return NULL;
  const char *post = yuan(o, "post_amount", arena);
  if (post[0] != '\0')
    json_object_set_new(doc, "shipping_amount", json_string(post));
  const char *pay = yuan(o, "pay_amount", arena);
  if (pay[0] != '\0')
    json_object_set_new(doc, "total", json_string(pay));
  if (cancelled)
    json_object_set_new(doc, "cancelled",
                        json_string("douyin order_status 4 (cancelled)"));
  return doc;
}

/* One page of the order search into @a orders (borrowed from @a root). */
static enum core_ec
search_page(const struct channel_creds *c, time_t from, time_t to, int page,
            int size, struct core_arena *arena, json_t **root,
            const json_t **orders, long long *total, struct channel_error *err)
{
  json_t *biz = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "update_time_start",
                          core_arena_printf(arena, "%lld", (long long)from),
                          "update_time_end",
                          core_arena_printf(arena, "%lld", (long long)to),
                          "page", core_arena_printf(arena, "%d", page), "size",
                          core_arena_printf(arena, "%d", size), "order_by",
                          "update_time", "order_asc", "true");
  const json_t *d = NULL;
  enum core_ec ec =
      dy_call(c, "order.searchList", biz, true, arena, root, &d, err);
  json_decref(biz);
  if (ec != CORE_EC_OK)
    return ec;
  *total = atoll(text(d, "total", arena));
  const json_t *list = json_object_get(d, "shop_order_list");
  *orders = json_is_array(list) ? list : NULL;
  return CORE_EC_OK;
}

/* Hands each order of @a orders to @a cb; false when @a cb stops. */
static bool
hand_over(const json_t *orders, channel_order_cb cb, void *cls,
          struct core_arena *arena)
{
  size_t i;
  const json_t *o;
  json_array_foreach(orders, i, o)
  {
    json_t *doc = order_doc(o, arena);
    if (doc != NULL) {
      bool go = cb(cls, doc);
      json_decref(doc);
      if (!go)
        return false;
    }
  }
  return true;
}

static enum core_ec
dy_pull(const struct channel_creds *c, time_t from, time_t to,
        channel_order_cb cb, void *cls, struct core_arena *arena,
        struct channel_error *err)
{
  int size = c->page_size >= 1 && c->page_size <= 100 ? c->page_size : 100;
  json_t *root = NULL;
  const json_t *orders = NULL;
  long long total = 0;
  /* The first page (page 0) counts the window; one page is taken as it
     is, more are read again last first. */
  enum core_ec ec =
      search_page(c, from, to, 0, size, arena, &root, &orders, &total, err);
  if (ec != CORE_EC_OK) {
    json_decref(root);
    return ec;
  }
  long long pages = (total + size - 1) / size;
  if (pages <= 1) {
    hand_over(orders, cb, cls, arena);
    json_decref(root);
    return CORE_EC_OK;
  }
  json_decref(root);
  if (pages > MAX_PAGES)
    pages = MAX_PAGES;
  bool go = true;
  for (long long p = pages - 1; go && p >= 0; p--) {
    ec = search_page(c, from, to, (int)p, size, arena, &root, &orders, &total,
                     err);
    if (ec != CORE_EC_OK) {
      json_decref(root);
      return ec;
    }
    go = hand_over(orders, cb, cls, arena);
    json_decref(root);
  }
  return CORE_EC_OK;
}

/*
 * The business parameters of order.logisticsAddMultiPack for split parcel
 * @a p with company code @a code: one pack of this parcel's sub orders and
 * units, and Depot's write-back id as the idempotent request_id (new
 * reference).
 */
static json_t *
multi_pack(const struct channel_parcel *p, const char *code,
           struct core_arena *arena)
{
  json_t *info = json_array();
  for (size_t i = 0; i < p->n_sub; i++)
    json_array_append_new(
        info, json_pack("{s:s, s:I}", "shipped_order_id", p->sub_ids[i],
                        "shipped_num",
                        (json_int_t)(p->sub_qty != NULL ? p->sub_qty[i] : 0)));
  return json_pack("{s:s, s:s, s:[{s:o, s:s, s:s}]}", "order_id", p->order,
                   "request_id",
                   core_arena_printf(arena, "depot-wb-%lld", p->id),
                   "pack_list", "shipped_order_info", info, "logistics_code",
                   p->waybill, "company_code", code);
}

static enum core_ec
dy_ship(const struct channel_creds *c, const struct channel_parcel *p,
        struct core_arena *arena, struct channel_error *err)
{
  char *code = core_arena_strdup(arena, p->carrier != NULL ? p->carrier : "");
  for (char *k = code; *k != '\0'; k++)
    *k = (char)tolower((unsigned char)*k);
  bool split = p->n_sub > 0;
  json_t *biz =
      split ? multi_pack(p, code, arena)
            : json_pack("{s:s, s:s, s:s}", "order_id", p->order, "company_code",
                        code, "logistics_code", p->waybill);
  json_t *root = NULL;
  const json_t *d = NULL;
  enum core_ec ec =
      dy_call(c, split ? "order.logisticsAddMultiPack" : "order.logisticsAdd",
              biz, true, arena, &root, &d, err);
  json_decref(biz);
  json_decref(root);
  return ec;
}

/*
 * Stock push (issue 27 item 5): sku.syncStock (抖店开放平台, 商品/库存:
 * product_id, sku_id (or out_sku_id), stock_num, incremental false = full
 * update, idempotent_id; one SKU per call; answer code 10000 with data),
 * as the platform's generated SDK parameter class SkuSyncStockParam names
 * them. The idempotent id is the listing and figure, so a retried push of
 * the same figure is one change on the platform.
 */
static enum core_ec
dy_stock_push(const struct channel_creds *c, struct channel_stock *rows,
              size_t n, struct core_arena *arena, struct channel_error *err)
{
  enum core_ec ec = CORE_EC_OK;
  for (size_t i = 0; i < n; i++) {
    json_t *biz = json_object();
    json_object_set_new(biz, "product_id", json_string(rows[i].item_id));
    /* Every param_json value goes as a string (the platform's rule). */
    json_object_set_new(
        biz, "stock_num",
        json_string(core_arena_printf(arena, "%lld", rows[i].qty)));
    json_object_set_new(biz, "incremental", json_string("false"));
    json_object_set_new(
        biz, "idempotent_id",
        json_string(core_arena_printf(
            arena, "%.40s-%.40s-%lld", rows[i].item_id,
            rows[i].sku_id[0] != '\0' ? rows[i].sku_id : rows[i].platform_sku,
            rows[i].qty)));
    if (rows[i].sku_id[0] != '\0')
      json_object_set_new(biz, "sku_id", json_string(rows[i].sku_id));
    else
      json_object_set_new(biz, "out_sku_id", json_string(rows[i].platform_sku));
    json_t *root = NULL;
    const json_t *d = NULL;
    enum core_ec e =
        dy_call(c, "sku.syncStock", biz, true, arena, &root, &d, err);
    json_decref(biz);
    json_decref(root);
    rows[i].pushed = e == CORE_EC_OK;
    if (e != CORE_EC_OK)
      ec = e;
  }
  return ec;
}

static enum core_ec
dy_refresh(const struct channel_creds *c, const char *refresh_token,
           struct core_arena *arena, struct channel_token *out,
           struct channel_error *err)
{
  json_t *biz = json_pack("{s:s, s:s}", "grant_type", "refresh_token",
                          "refresh_token", refresh_token);
  json_t *root = NULL;
  const json_t *d = NULL;
  enum core_ec ec =
      dy_call(c, "token.refresh", biz, false, arena, &root, &d, err);
  json_decref(biz);
  if (ec == CORE_EC_OK) {
    const char *at = json_string_value(json_object_get(d, "access_token"));
    if (at == NULL || at[0] == '\0') {
      snprintf(err->msg, sizeof err->msg, "no access_token in the answer");
      err->auth = true;
      ec = CORE_EC_CHANNEL_UPSTREAM;
    } else {
      const char *rt = json_string_value(json_object_get(d, "refresh_token"));
      long long in = atoll(text(d, "expires_in", arena));
      out->access_token = core_arena_strdup(arena, at);
      out->refresh_token =
          rt != NULL && rt[0] != '\0' ? core_arena_strdup(arena, rt) : NULL;
      out->expires_at = in > 0 ? (long long)time(NULL) + in : 0;
    }
  }
  json_decref(root);
  return ec;
}

const struct channel_adapter channel_douyin_adapter = {
    .channel = "douyin",
    .pull = dy_pull,
    .ship = dy_ship,
    .refresh = dy_refresh,
    .waybill = channel_douyin_waybill,
    .stock_push = dy_stock_push,
};
