/*
 * Pinduoduo (拼多多) through its open platform (open.pinduoduo.com): the
 * only file that knows Pinduoduo's API. What it follows, and where each
 * piece was read:
 *
 * - The router https://gw-api.pinduoduo.com/api/router takes, as form
 *   (or query) parameters, the system parameters type (the API's name),
 *   client_id, access_token (the seller's authorisation; absent for the
 *   token refresh), timestamp (UNIX seconds), data_type=JSON, version=V1
 *   and sign, and the API's own parameters beside them (not wrapped in a
 *   JSON parameter as JOS and Douyin do). Read in the open platform's
 *   API call pages as quoted by public clients (the router URL and the
 *   parameter set in several public SDKs, e.g. lywzx/pdd-node-sdk and
 *   niltor/open-pdd-net-sdk; dtapps/go-library's pinduoduo client).
 * - Signing: every parameter but sign, sorted by name, each name followed
 *   by its value, between the client secret twice:
 *   upper(MD5(client_secret + k1v1k2v2… + client_secret)). Pinduoduo has
 *   no other method, so a Pinduoduo store's connection takes md5 only.
 *   No published example vector with its signature was found:
 *   tests/unit/channels/test_channel_pdd.c checks one computed
 *   independently (and node's crypto in tests/sim/pdd_sim.mjs computes
 *   the same signature with its own code).
 * - An error is {"error_response":{"error_code":20004,"error_msg":
 *   "签名验证失败","sub_code":"20004","sub_msg":"签名验证失败",
 *   "request_id":"…"}} (error_code a number, sub_code a string; bodies
 *   quoted verbatim in public clients). Codes read there: 20004 the
 *   signature failed, 10019 the access_token expired (access_token已过期).
 *   The code for an expired timestamp and for a missing access_token were
 *   not found: the simulator answers 10000 (参数错误) naming the
 *   timestamp, and 10019 for a missing token. Codes 20004 and 10019 mean
 *   the credentials are wrong: the connection asks to be re-authorised.
 * - A success answers {"<api's response key>":{…}}: for the APIs used here
 *   order_sn_increment_get_response, logistics_online_send_response and
 *   pop_auth_token_refresh_response (the SDKs' response classes).
 * - pdd.order.number.list.increment.get (订单增量接口): start_updated_at,
 *   end_updated_at (seconds; end - start at most 30 minutes), page,
 *   page_size (at most 100), is_lucky_flag (1: not lottery orders),
 *   order_status (5: all), refund_status (5: all); answers total_count
 *   and order_sn_list[] with the whole order (order_sn, order_status 1
 *   待发货 / 2 shipped / 3 received, refund_status 1 none / 2 售后处理中 /
 *   3 退款中 / 4 退款成功, confirm_status 2 cancelled, updated_at,
 *   goods_amount, discount_amount (= platform_discount + seller_discount
 *   + capital_free_discount), seller_discount, platform_discount, postage,
 *   pay_amount, buyer_memo, remark, receiver_name, receiver_phone,
 *   receiver_address, province, city, town, and the masked
 *   receiver_name_mask, receiver_phone_mask, receiver_address_mask,
 *   item_list[] {sku_id, goods_id, outer_id (商家编码), outer_goods_id,
 *   goods_name, goods_spec, goods_price, goods_count}). Field names from
 *   the SDKs' request and response classes of the API; its own page was
 *   not readable here. The API's note says the pages of an update-time
 *   window must be read last first so that no order is missed: they are,
 *   and a window longer than 30 minutes is read in 30-minute slices,
 *   oldest first.
 * - Orders taken: order_status 1 without after-sales (refund_status 1)
 *   becomes an order; refund_status 4 (退款成功: a refund before shipping)
 *   or confirm_status 2 cancels one; refund_status 2 or 3 (a refund the
 *   buyer asked for, pending) is left until it settles — its next change
 *   comes with a new updated_at. Orders shipped outside Depot are not
 *   taken; lottery orders (抽奖订单) are not asked for.
 * - Discounts: seller_discount (店铺优惠) is the seller's discount on the
 *   whole order, spread over the lines at intake. platform_discount
 *   (Pinduoduo's subsidy) and capital_free_discount are not the seller's
 *   and are not taken.
 * - pdd.logistics.online.send (订单发货通知): order_sn, logistics_id
 *   (Pinduoduo's numeric id of the logistics company, from
 *   pdd.logistics.companies.get), tracking_number; answers
 *   logistics_online_send_response {is_success}. The carrier comes as
 *   Pinduoduo's id already (the write-back lease maps Depot's carrier
 *   code through the seller's carrier.platform_codes, else the built-in
 *   channel_carrier_code table of migration 0386, seeded from
 *   pdd.logistics.companies.get's list); one still not a number is
 *   refused here (final: the exceptions desk shows it, naming the carrier
 *   setting that fixes it). The call ships the whole
 *   order; Pinduoduo's send takes no line ids.
 * - pdd.order.upload.extra.logistics (订单额外运单信息上传: "for an order
 *   shipped in several parcels — 分包发货, 补寄, 发放赠品 — the seller
 *   uploads extra waybills, shown to the buyer"): order_sn,
 *   extra_track_type (1 分包发货, 2 补发商品, 3 发放赠品),
 *   extra_track_list (JSON text [{shipping_id, tracking_number}], the
 *   shipping_id the same logistics id); answers
 *   upload_extra_logistics_response {success}. Read in public SDKs'
 *   request and response classes (SchafferJ/open-pdd
 *   pdd_order_upload_extra_logistics.rs, niltor/open-pdd-net-sdk
 *   LogisticsOrderUploadExtraResponse). A split order's first parcel to
 *   reach Pinduoduo ships the order with online.send; each later parcel
 *   goes as an extra waybill of type 1 (parcels of one order are sent one
 *   after another, so "first" is known).
 * - Token refresh: pdd.pop.auth.token.refresh through the same router
 *   with refresh_token (no access_token); answers access_token,
 *   refresh_token, expires_in (seconds).
 *
 * Buyer data comes masked or encrypted (收件人脱敏/密文): the masked fields
 * are taken when given, else the fields as given; Depot never invents
 * unmasked data.
 */
#include "channel_pdd.h"
#include "channel_pdd_waybill.h"

#include "core_arena.h"
#include "core_money.h"

#include <openssl/evp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_PARAMS = 24, TIMEOUT_S = 20, MAX_PAGES = 1000 };

static int
by_key(const void *a, const void *b)
{
  const struct channel_pdd_param *x = a, *y = b;
  return strcmp(x->key, y->key);
}

bool
channel_pdd_sign(const struct channel_pdd_param *p, size_t n,
                 const char *secret, char out[33])
{
  struct channel_pdd_param s[MAX_PARAMS];
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

/* A string or number member as text, "" if absent (both are sent). */
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

/* The first of members @a a, @a b, @a c of @a o that is not empty. */
static const char *
first(const json_t *o, const char *a, const char *b, const char *c,
      struct core_arena *arena)
{
  const char *v = text(o, a, arena);
  if (v[0] == '\0' && b != NULL)
    v = text(o, b, arena);
  if (v[0] == '\0' && c != NULL)
    v = text(o, c, arena);
  return v;
}

/* Fills @a err from an error_response @a e. */
static void
pdd_error(const json_t *e, struct channel_error *err, struct core_arena *arena)
{
  const char *msg = text(e, "error_msg", arena);
  const char *sub = text(e, "sub_msg", arena);
  snprintf(err->code, sizeof err->code, "%s", text(e, "error_code", arena));
  snprintf(err->sub_code, sizeof err->sub_code, "%s",
           text(e, "sub_code", arena));
  snprintf(err->msg, sizeof err->msg, "%s%s%s", msg,
           sub[0] != '\0' && strcmp(sub, msg) != 0 ? " " : "",
           strcmp(sub, msg) != 0 ? sub : "");
  long c = strtol(err->code, NULL, 10);
  err->auth = c == 20004 || c == 10019;
  err->final = false;
}

/* The form of @a n parameters @a p, each value form-encoded. */
static const char *
form_of(const struct channel_pdd_param *p, size_t n, struct core_arena *arena)
{
  const char *form = "";
  for (size_t i = 0; i < n; i++)
    form = core_arena_printf(arena, "%s%s%s=%s", form, i > 0 ? "&" : "",
                             p[i].key, channel_form_escape(p[i].value, arena));
  return form;
}

/*
 * Calls API @a type with its @a nb parameters @a biz, as the seller when
 * @a as_seller; the @a key object of the answer into @a out (owned by
 * @a root, which the caller frees). CORE_EC_CHANNEL_UPSTREAM with @a err
 * on any failure.
 */
static enum core_ec
pdd_call(const struct channel_creds *c, const char *type,
         const struct channel_pdd_param *biz, size_t nb, bool as_seller,
         const char *key, struct core_arena *arena, json_t **root,
         const json_t **out, struct channel_error *err)
{
  char sign[33];
  *root = NULL;
  if (c->sign_method != NULL && strcmp(c->sign_method, "md5") != 0) {
    snprintf(err->msg, sizeof err->msg, "Pinduoduo signs with md5 only, not %s",
             c->sign_method);
    err->final = true;
    return CORE_EC_CHANNEL_UPSTREAM;
  }
  struct channel_pdd_param p[MAX_PARAMS];
  size_t m = 0;
  p[m++] = (struct channel_pdd_param){"type", type};
  p[m++] = (struct channel_pdd_param){"client_id", c->app_key};
  p[m++] = (struct channel_pdd_param){
      "timestamp", core_arena_printf(arena, "%lld", (long long)time(NULL))};
  p[m++] = (struct channel_pdd_param){"data_type", "JSON"};
  p[m++] = (struct channel_pdd_param){"version", "V1"};
  if (as_seller && c->session != NULL && c->session[0] != '\0')
    p[m++] = (struct channel_pdd_param){"access_token", c->session};
  for (size_t i = 0; i < nb && m < MAX_PARAMS - 1; i++)
    p[m++] = biz[i];
  if (!channel_pdd_sign(p, m, c->app_secret, sign)) {
    snprintf(err->msg, sizeof err->msg, "cannot sign the request");
    err->final = true;
    return CORE_EC_CHANNEL_UPSTREAM;
  }
  p[m++] = (struct channel_pdd_param){"sign", sign};
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
    pdd_error(e, err, arena);
    return CORE_EC_CHANNEL_UPSTREAM;
  }
  *out = json_object_get(*root, key);
  if (!json_is_object(*out)) {
    snprintf(err->msg, sizeof err->msg, "HTTP %ld without %s", status, key);
    return CORE_EC_CHANNEL_UPSTREAM;
  }
  return CORE_EC_OK;
}

enum core_ec
channel_pdd_call(const struct channel_creds *c, const char *type,
                 const struct channel_pdd_param *biz, size_t nb,
                 const char *key, struct core_arena *arena, json_t **root,
                 const json_t **out, struct channel_error *err)
{
  return pdd_call(c, type, biz, nb, true, key, arena, root, out, err);
}

/* One line per item; the seller's SKU code (商家编码) names it. */
static json_t *
lines_of(const json_t *order, struct core_arena *arena)
{
  json_t *lines = json_array();
  size_t i;
  const json_t *l;
  json_array_foreach(json_object_get(order, "item_list"), i, l)
  {
    const char *sku = first(l, "outer_id", "outer_goods_id", "sku_id", arena);
    long long qty = atoll(text(l, "goods_count", arena));
    const char *price = text(l, "goods_price", arena);
    const char *spec = text(l, "goods_spec", arena);
    const char *name =
        spec[0] != '\0' ? core_arena_printf(arena, "%s %s",
                                            text(l, "goods_name", arena), spec)
                        : text(l, "goods_name", arena);
    json_array_append_new(
        lines, json_pack("{s:s, s:I, s:s, s:s, s:b, s:s}", "sku", sku, "qty",
                         (json_int_t)(qty > 0 ? qty : 1), "unit_price",
                         price[0] != '\0' ? price : "0", "name", name,
                         "requires_shipping", 1, "external_line_id",
                         text(l, "sku_id", arena)));
  }
  return lines;
}

/* Sets money member @a k of @a doc from field @a f when it is given. */
static void
money(json_t *doc, const char *k, const json_t *o, const char *f,
      struct core_arena *arena)
{
  const char *v = text(o, f, arena);
  if (v[0] != '\0')
    json_object_set_new(doc, k, json_string(v));
}

/*
 * The normalized document of order @a o, or NULL for one Depot does not
 * take (shipped, a refund pending, or not to ship).
 */
static json_t *
order_doc(const json_t *o, struct core_arena *arena)
{
  long status = strtol(text(o, "order_status", arena), NULL, 10);
  long refund = strtol(text(o, "refund_status", arena), NULL, 10);
  long confirm = strtol(text(o, "confirm_status", arena), NULL, 10);
  bool cancelled = refund == 4 || confirm == 2;
  if (!cancelled && (status != 1 || (refund != 1 && refund != 0)))
    return NULL;
  const char *id = text(o, "order_sn", arena);
  if (id[0] == '\0')
    return NULL;
  json_t *lines = lines_of(o, arena);
  if (json_array_size(lines) == 0 && !cancelled) {
    json_decref(lines);
    return NULL;
  }
  /* The masked fields when given, else the fields as given. */
  const char *name =
      first(o, "receiver_name_mask", "receiver_name", NULL, arena);
  const char *phone =
      first(o, "receiver_phone_mask", "receiver_phone", NULL, arena);
  const char *addr =
      first(o, "receiver_address_mask", "receiver_address", "address", arena);
  const char *memo = text(o, "buyer_memo", arena);
  const char *remark = text(o, "remark", arena);
  const char *notes = memo[0] != '\0' && remark[0] != '\0'
                          ? core_arena_printf(arena, "%s / %s", memo, remark)
                          : (memo[0] != '\0' ? memo : remark);
  json_t *doc = json_pack(
      "{s:s, s:s, s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
      "s:s}, s:o, s:s, s:s}",
      "external_id", id, "currency", "CNY", "customer", "name", name, "email",
      "", "phone", phone, "ship_to", "name", name, "line1", addr, "line2",
      text(o, "town", arena), "city", text(o, "city", arena), "region",
      text(o, "province", arena), "postcode", "", "country_code", "CN", "phone",
      phone, "lines", lines, "notes", notes, "channel", "pinduoduo");
  if (doc == NULL)
    return NULL;
  money(doc, "shipping_amount", o, "postage", arena);
  money(doc, "total", o, "pay_amount", arena);
  /* The shop's discount (店铺优惠) on the whole order: intake spreads it
   * over the lines. Pinduoduo's own subsidy (platform_discount) is not the
   * seller's discount. */
  int64_t d = 0;
  if (core_money_cents(text(o, "seller_discount", arena), &d) && d > 0)
    money(doc, "discount", o, "seller_discount", arena);
  if (cancelled)
    json_object_set_new(doc, "cancelled",
                        json_string(core_arena_printf(
                            arena, "pinduoduo %s",
                            refund == 4 ? "refund_status 4 (refunded)"
                                        : "confirm_status 2 (cancelled)")));
  return doc;
}

/* One page of the increment list into @a orders (borrowed from @a root). */
static enum core_ec
list_page(const struct channel_creds *c, time_t from, time_t to, int page,
          int size, struct core_arena *arena, json_t **root,
          const json_t **orders, long long *total, struct channel_error *err)
{
  const struct channel_pdd_param biz[] = {
      {"start_updated_at", core_arena_printf(arena, "%lld", (long long)from)},
      {"end_updated_at", core_arena_printf(arena, "%lld", (long long)to)},
      {"page", core_arena_printf(arena, "%d", page)},
      {"page_size", core_arena_printf(arena, "%d", size)},
      {"is_lucky_flag", "1"},
      {"order_status", "5"},
      {"refund_status", "5"},
  };
  const json_t *r = NULL;
  enum core_ec ec = pdd_call(
      c, "pdd.order.number.list.increment.get", biz, sizeof biz / sizeof biz[0],
      true, "order_sn_increment_get_response", arena, root, &r, err);
  if (ec != CORE_EC_OK)
    return ec;
  *total = atoll(text(r, "total_count", arena));
  const json_t *list = json_object_get(r, "order_sn_list");
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

/* Pulls one window of at most 30 minutes; *go false when @a cb stopped. */
static enum core_ec
pull_slice(const struct channel_creds *c, time_t from, time_t to, int size,
           channel_order_cb cb, void *cls, struct core_arena *arena, bool *go,
           struct channel_error *err)
{
  json_t *root = NULL;
  const json_t *orders = NULL;
  long long total = 0;
  /* The first page counts the window; one page is taken as it is, more
     are read again last first (the API's own advice: none is missed when
     orders change meanwhile). */
  enum core_ec ec =
      list_page(c, from, to, 1, size, arena, &root, &orders, &total, err);
  if (ec != CORE_EC_OK) {
    json_decref(root);
    return ec;
  }
  long long pages = (total + size - 1) / size;
  if (pages <= 1) {
    *go = hand_over(orders, cb, cls, arena);
    json_decref(root);
    return CORE_EC_OK;
  }
  json_decref(root);
  if (pages > MAX_PAGES)
    pages = MAX_PAGES;
  for (long long p = pages; *go && p >= 1; p--) {
    ec = list_page(c, from, to, (int)p, size, arena, &root, &orders, &total,
                   err);
    if (ec != CORE_EC_OK) {
      json_decref(root);
      return ec;
    }
    *go = hand_over(orders, cb, cls, arena);
    json_decref(root);
  }
  return CORE_EC_OK;
}

static enum core_ec
pdd_pull(const struct channel_creds *c, time_t from, time_t to,
         channel_order_cb cb, void *cls, struct core_arena *arena,
         struct channel_error *err)
{
  int size = c->page_size >= 1 && c->page_size <= 100 ? c->page_size : 100;
  bool go = true;
  for (time_t s = from; go && s <= to; s += CHANNEL_PDD_WINDOW_S) {
    time_t e =
        s + CHANNEL_PDD_WINDOW_S - 1 < to ? s + CHANNEL_PDD_WINDOW_S - 1 : to;
    enum core_ec ec = pull_slice(c, s, e, size, cb, cls, arena, &go, err);
    if (ec != CORE_EC_OK)
      return ec;
  }
  return CORE_EC_OK;
}

/* Whether @a s is a Pinduoduo logistics company id (digits). */
static bool
numeric(const char *s)
{
  if (s == NULL || s[0] == '\0' || strlen(s) > 12)
    return false;
  return strspn(s, "0123456789") == strlen(s);
}

/*
 * A later parcel of an order that ships in parts, after its first parcel
 * shipped the order (pdd.logistics.online.send): an extra waybill of type
 * 1 (分包发货) through pdd.order.upload.extra.logistics. Pinduoduo takes
 * no line ids here — the buyer sees every waybill of the order.
 */
static enum core_ec
ship_extra(const struct channel_creds *c, const struct channel_parcel *p,
           struct core_arena *arena, struct channel_error *err)
{
  json_t *list =
      json_pack("[{s:I, s:s}]", "shipping_id", (json_int_t)atoll(p->carrier),
                "tracking_number", p->waybill);
  char *t = json_dumps(list, JSON_COMPACT);
  json_decref(list);
  const char *tracks = core_arena_strdup(arena, t != NULL ? t : "[]");
  free(t);
  const struct channel_pdd_param biz[] = {
      {"order_sn", p->order},
      {"extra_track_type", "1"},
      {"extra_track_list", tracks},
  };
  json_t *root = NULL;
  const json_t *r = NULL;
  enum core_ec ec =
      pdd_call(c, "pdd.order.upload.extra.logistics", biz, 3, true,
               "upload_extra_logistics_response", arena, &root, &r, err);
  if (ec == CORE_EC_OK && !json_is_true(json_object_get(r, "success"))) {
    snprintf(err->msg, sizeof err->msg, "success is not true");
    ec = CORE_EC_CHANNEL_UPSTREAM;
  }
  json_decref(root);
  return ec;
}

static enum core_ec
pdd_ship(const struct channel_creds *c, const struct channel_parcel *p,
         struct core_arena *arena, struct channel_error *err)
{
  if (!numeric(p->carrier)) {
    snprintf(err->msg, sizeof err->msg,
             "no Pinduoduo logistics_id for carrier %.40s: enter it as the "
             "carrier's platform code for pinduoduo (settings, carriers)",
             p->carrier != NULL ? p->carrier : "");
    err->final = true;
    return CORE_EC_CHANNEL_UPSTREAM;
  }
  if (p->n_sub > 0 && !p->first)
    return ship_extra(c, p, arena, err);
  const struct channel_pdd_param biz[] = {
      {"order_sn", p->order},
      {"logistics_id", p->carrier},
      {"tracking_number", p->waybill},
  };
  json_t *root = NULL;
  const json_t *r = NULL;
  enum core_ec ec =
      pdd_call(c, "pdd.logistics.online.send", biz, 3, true,
               "logistics_online_send_response", arena, &root, &r, err);
  if (ec == CORE_EC_OK && !json_is_true(json_object_get(r, "is_success"))) {
    snprintf(err->msg, sizeof err->msg, "is_success is not true");
    ec = CORE_EC_CHANNEL_UPSTREAM;
  }
  json_decref(root);
  return ec;
}

/*
 * Stock push (issue 27 item 5): pdd.goods.quantity.update (Pinduoduo open
 * platform, 商品API: goods_id, quantity, sku_id or outer_id, update_type
 * 1 = full update; one SKU per call; answer
 * {"goods_quantity_update_response":{"is_success":true}}; errors in the
 * common error_response), as the platform's SDK request models name it.
 * Without a Pinduoduo sku_id the listing's code goes as outer_id.
 */
static enum core_ec
pdd_stock_push(const struct channel_creds *c, struct channel_stock *rows,
               size_t n, struct core_arena *arena, struct channel_error *err)
{
  enum core_ec ec = CORE_EC_OK;
  for (size_t i = 0; i < n; i++) {
    struct channel_pdd_param biz[] = {
        {"goods_id", rows[i].item_id},
        {"quantity", core_arena_printf(arena, "%lld", rows[i].qty)},
        {"update_type", "1"},
        {rows[i].sku_id[0] != '\0' ? "sku_id" : "outer_id",
         rows[i].sku_id[0] != '\0' ? rows[i].sku_id : rows[i].platform_sku},
    };
    json_t *root = NULL;
    const json_t *r = NULL;
    enum core_ec e =
        pdd_call(c, "pdd.goods.quantity.update", biz, 4, true,
                 "goods_quantity_update_response", arena, &root, &r, err);
    if (e == CORE_EC_OK && !json_is_true(json_object_get(r, "is_success"))) {
      snprintf(err->msg, sizeof err->msg, "is_success is not true");
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
pdd_refresh(const struct channel_creds *c, const char *refresh_token,
            struct core_arena *arena, struct channel_token *out,
            struct channel_error *err)
{
  const struct channel_pdd_param biz[] = {{"refresh_token", refresh_token}};
  json_t *root = NULL;
  const json_t *r = NULL;
  enum core_ec ec =
      pdd_call(c, "pdd.pop.auth.token.refresh", biz, 1, false,
               "pop_auth_token_refresh_response", arena, &root, &r, err);
  if (ec == CORE_EC_OK) {
    const char *at = json_string_value(json_object_get(r, "access_token"));
    if (at == NULL || at[0] == '\0') {
      snprintf(err->msg, sizeof err->msg, "no access_token in the answer");
      err->auth = true;
      ec = CORE_EC_CHANNEL_UPSTREAM;
    } else {
      const char *rt = json_string_value(json_object_get(r, "refresh_token"));
      long long in = atoll(text(r, "expires_in", arena));
      out->access_token = core_arena_strdup(arena, at);
      out->refresh_token =
          rt != NULL && rt[0] != '\0' ? core_arena_strdup(arena, rt) : NULL;
      out->expires_at = in > 0 ? (long long)time(NULL) + in : 0;
    }
  }
  json_decref(root);
  return ec;
}

const struct channel_adapter channel_pdd_adapter = {
    .channel = "pinduoduo",
    .pull = pdd_pull,
    .ship = pdd_ship,
    .refresh = pdd_refresh,
    .waybill = channel_pdd_waybill,
    .stock_push = pdd_stock_push,
};
