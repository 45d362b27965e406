/*
 * Taobao/Tmall through the TOP open platform: the only file that knows
 * TOP. Built to the platform's public documentation:
 *
 * - The API router (https://eco.taobao.com/router/rest, also
 *   gw.api.taobao.com) takes a form POST of the common parameters method,
 *   app_key, session, timestamp ("yyyy-MM-dd HH:mm:ss" in GMT+8; the
 *   router refuses one more than 10 minutes off), format=json, v=2.0,
 *   sign_method (md5 or hmac) and sign, plus the API's own parameters.
 * - Signing: sort every parameter but sign (and empty ones) by name in
 *   ASCII order, concatenate name and value, then md5: MD5(secret +
 *   string + secret), hmac: HMAC-MD5 keyed by the secret over the string;
 *   uppercase hex ("API call protocol", TOP documentation center, the
 *   "signature algorithm" section with its Java signTopRequest). The
 *   published example vector (secret "test", taobao.user.seller.get,
 *   timestamp 2013-05-06 13:52:03, fields nick, format xml, session test,
 *   sign 72CB4D809B375A54502C09360D879C64) is checked by
 *   tests/unit/channels/test_channel_taobao.c.
 * - An error is {"error_response":{"code":27,"msg":"Invalid session",
 *   "sub_code":"invalid-sessionkey","sub_msg":…,"request_id":…}}: platform
 *   codes below 100 (25 invalid signature, 26 missing session, 27 invalid
 *   session, 29 invalid app key, 7 call limited, 15 remote service error);
 *   sub codes starting "isv." are the caller's fault (not retried), "isp."
 *   the platform's (retried).
 * - taobao.trades.sold.increment.get: trades modified in [start_modified,
 *   end_modified] (at most one day apart), newest modification first, with
 *   page_no, page_size (at most 100) and total_results. The documentation
 *   advises paging from the last page back to the first, which misses no
 *   trade when one changes meanwhile (it leaves the window and the later
 *   ones move forward by one: at worst one is read twice).
 * - taobao.top.auth.token.refresh: refresh_token (no session); answers
 *   {"top_auth_token_refresh_response":{"token_result":"<JSON text>"}},
 *   the text holding access_token, refresh_token and expires_in (seconds;
 *   expire_time in milliseconds). Only apps sold on the service market
 *   (服务市场) may refresh; others get a fixed-length token.
 * - taobao.logistics.offline.send: tid, out_sid (waybill), company_code;
 *   a split parcel adds is_split=1 and sub_tid (the order lines' oids,
 *   comma-separated). Answer {"logistics_offline_send_response":
 *   {"shipping":{"is_success":true}}}.
 * - Stock push: taobao.skus.quantity.update / taobao.item.quantity.update
 *   (see taobao_stock_push).
 *
 * Buyer data comes masked from TOP (receiver_name, receiver_mobile …
 * with '*'): it is kept as given, with the open address id (oaid) that
 * the platform's decryption and e-waybill APIs take; Depot invents no
 * unmasked data.
 */
#include "channel_taobao.h"
#include "channel_taobao_waybill.h"

#include "core_arena.h"
#include "core_money.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_PARAMS = 32, TIMEOUT_S = 20 };

/* The trade fields the pull asks for (taobao.trades.sold.increment.get). */
static const char trade_fields[] =
    "tid,status,modified,created,pay_time,payment,post_fee,buyer_nick,"
    "buyer_message,receiver_name,receiver_state,receiver_city,"
    "receiver_district,receiver_town,receiver_address,receiver_zip,"
    "receiver_mobile,receiver_phone,oaid,orders";

static int
by_key(const void *a, const void *b)
{
  const struct channel_taobao_param *x = a, *y = b;
  return strcmp(x->key, y->key);
}

bool
channel_taobao_sign(const struct channel_taobao_param *p, size_t n,
                    const char *secret, const char *method, char out[33])
{
  struct channel_taobao_param s[MAX_PARAMS];
  size_t m = 0;
  bool md5 = method == NULL || strcmp(method, "md5") == 0;
  if (!md5 && strcmp(method, "hmac") != 0)
    return false;
  for (size_t i = 0; i < n; i++) {
    if (strcmp(p[i].key, "sign") == 0 || p[i].value == NULL ||
        p[i].value[0] == '\0' || p[i].key[0] == '\0')
      continue;
    if (m == MAX_PARAMS)
      return false;
    s[m++] = p[i];
  }
  qsort(s, m, sizeof s[0], by_key);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  bool ok;
  if (md5) {
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    ok = EVP_DigestInit_ex(ctx, EVP_md5(), NULL) == 1 &&
         EVP_DigestUpdate(ctx, secret, strlen(secret)) == 1;
    for (size_t i = 0; ok && i < m; i++)
      ok = EVP_DigestUpdate(ctx, s[i].key, strlen(s[i].key)) == 1 &&
           EVP_DigestUpdate(ctx, s[i].value, strlen(s[i].value)) == 1;
    ok = ok && EVP_DigestUpdate(ctx, secret, strlen(secret)) == 1 &&
         EVP_DigestFinal_ex(ctx, mac, &len) == 1;
    EVP_MD_CTX_free(ctx);
  } else {
    /* HMAC over the pieces: one buffer holds the concatenation. */
    size_t total = 0;
    for (size_t i = 0; i < m; i++)
      total += strlen(s[i].key) + strlen(s[i].value);
    char *text = malloc(total + 1);
    if (text == NULL)
      return false;
    size_t at = 0;
    for (size_t i = 0; i < m; i++) {
      size_t kl = strlen(s[i].key), vl = strlen(s[i].value);
      memcpy(text + at, s[i].key, kl);
      memcpy(text + at + kl, s[i].value, vl);
      at += kl + vl;
    }
    ok = HMAC(EVP_md5(), secret, (int)strlen(secret),
              (const unsigned char *)text, at, mac, &len) != NULL;
    free(text);
  }
  if (!ok || len != 16)
    return false;
  for (unsigned i = 0; i < len; i++)
    snprintf(out + 2 * i, 3, "%02X", mac[i]);
  return true;
}

void
channel_taobao_time(time_t t, char out[20])
{
  time_t local = t + 8 * 3600;
  struct tm tm;
  gmtime_r(&local, &tm);
  strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}

/* Fills @a err from an error_response @a e. */
static void
top_error(const json_t *e, struct channel_error *err)
{
  const json_t *code = json_object_get(e, "code");
  const char *sub = json_string_value(json_object_get(e, "sub_code"));
  const char *msg = json_string_value(json_object_get(e, "sub_msg"));
  if (msg == NULL)
    msg = json_string_value(json_object_get(e, "msg"));
  if (json_is_integer(code))
    snprintf(err->code, sizeof err->code, "%lld",
             (long long)json_integer_value(code));
  else
    snprintf(err->code, sizeof err->code, "%s",
             json_string_value(code) != NULL ? json_string_value(code) : "");
  snprintf(err->sub_code, sizeof err->sub_code, "%s", sub != NULL ? sub : "");
  snprintf(err->msg, sizeof err->msg, "%s", msg != NULL ? msg : "");
  long c = strtol(err->code, NULL, 10);
  err->auth = c == 25 || c == 26 || c == 27 || c == 28 || c == 29;
  err->final = sub != NULL && strncmp(sub, "isv.", 4) == 0;
}

enum core_ec
channel_taobao_call(const struct channel_creds *c, const char *method,
                    const struct channel_taobao_param *biz, size_t n,
                    struct core_arena *arena, json_t **root, const json_t **out,
                    struct channel_error *err)
{
  struct channel_taobao_param p[MAX_PARAMS];
  char ts[20], sign[33];
  const char *sm = c->sign_method != NULL ? c->sign_method : "md5";
  channel_taobao_time(time(NULL), ts);
  size_t m = 0;
  p[m++] = (struct channel_taobao_param){"method", method};
  p[m++] = (struct channel_taobao_param){"app_key", c->app_key};
  if (c->session != NULL && c->session[0] != '\0')
    p[m++] = (struct channel_taobao_param){"session", c->session};
  p[m++] = (struct channel_taobao_param){"timestamp", ts};
  p[m++] = (struct channel_taobao_param){"format", "json"};
  p[m++] = (struct channel_taobao_param){"v", "2.0"};
  p[m++] = (struct channel_taobao_param){"sign_method", sm};
  for (size_t i = 0; i < n && m < MAX_PARAMS - 1; i++)
    p[m++] = biz[i];
  *root = NULL;
  if (!channel_taobao_sign(p, m, c->app_secret, sm, sign)) {
    snprintf(err->msg, sizeof err->msg, "cannot sign with method %s", sm);
    err->final = true;
    return CORE_EC_CHANNEL_UPSTREAM;
  }
  p[m++] = (struct channel_taobao_param){"sign", sign};
  const char *form = "";
  for (size_t i = 0; i < m; i++)
    form = core_arena_printf(arena, "%s%s%s=%s", form, i > 0 ? "&" : "",
                             p[i].key, channel_form_escape(p[i].value, arena));
  long status = 0;
  const char *body = NULL;
  if (!channel_http_post(c->base_url, form, TIMEOUT_S, arena, &status, &body,
                         err))
    return CORE_EC_CHANNEL_UPSTREAM;
  json_error_t je;
  *root = json_loads(body, 0, &je);
  if (*root == NULL || !json_is_object(*root)) {
    snprintf(err->msg, sizeof err->msg, "HTTP %ld, not JSON: %.120s", status,
             body);
    return CORE_EC_CHANNEL_UPSTREAM;
  }
  const json_t *e = json_object_get(*root, "error_response");
  if (e != NULL) {
    top_error(e, err);
    return CORE_EC_CHANNEL_UPSTREAM;
  }
  /* taobao.trades.sold.increment.get answers in
     trades_sold_increment_get_response; other prefixes stay
     (cainiao.waybill.ii.get: cainiao_waybill_ii_get_response). */
  const char *name = method;
  if (strncmp(method, "taobao.", 7) == 0)
    name = method + 7;
  char key[128];
  snprintf(key, sizeof key, "%s_response", name);
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

/* A string or integer member as text, "" if absent (ids come as both). */
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

/* The trade's sub-orders: orders.order[] (or a bare array). */
static const json_t *
sub_orders(const json_t *trade)
{
  const json_t *o = json_object_get(trade, "orders");
  const json_t *a = json_object_get(o, "order");
  return json_is_array(a) ? a : json_is_array(o) ? o : NULL;
}

/*
 * What sub-order @a l (@a num units) was sold below price x num, in cents:
 * price x num less divide_order_fee (the paid amount after every
 * discount, the shop's spread in) when TOP gives it, else its own
 * discount_fee plus part_mjz_discount (its share of the shop's) less
 * adjust_fee (the seller's manual change, negative when it lowered the
 * price). Never below 0: a raised price stays a price, not a discount.
 */
static int64_t
line_discount(const json_t *l, json_int_t num, struct core_arena *arena)
{
  int64_t price = 0, paid = 0, own = 0, shop = 0, adjust = 0;
  if (!core_money_cents(text(l, "price", arena), &price))
    return 0;
  int64_t d;
  if (core_money_cents(text(l, "divide_order_fee", arena), &paid))
    d = price * num - paid;
  else {
    (void)core_money_cents(text(l, "discount_fee", arena), &own);
    (void)core_money_cents(text(l, "part_mjz_discount", arena), &shop);
    (void)core_money_cents(text(l, "adjust_fee", arena), &adjust);
    d = own + shop - adjust;
  }
  return d > 0 ? (d < price * num ? d : price * num) : 0;
}

/* One line per sub-order not refunded; the seller's SKU code names it. */
static json_t *
lines_of(const json_t *trade, struct core_arena *arena)
{
  json_t *lines = json_array();
  size_t i;
  const json_t *l;
  json_array_foreach(sub_orders(trade), i, l)
  {
    if (strcmp(text(l, "refund_status", arena), "SUCCESS") == 0)
      continue;
    const char *sku = text(l, "outer_sku_id", arena);
    if (sku[0] == '\0')
      sku = text(l, "outer_iid", arena);
    json_int_t num = json_integer_value(json_object_get(l, "num"));
    if (num <= 0)
      num = atoll(text(l, "num", arena));
    if (num <= 0)
      num = 1;
    json_t *line = json_pack(
        "{s:s, s:I, s:s, s:s, s:b, s:s}", "sku", sku, "qty", num, "unit_price",
        text(l, "price", arena), "name", text(l, "title", arena),
        "requires_shipping", 1, "external_line_id", text(l, "oid", arena));
    int64_t d = line_discount(l, num, arena);
    char buf[24];
    if (d > 0)
      json_object_set_new(line, "discount",
                          json_string(core_money_text(d, buf)));
    json_array_append_new(lines, line);
  }
  return lines;
}

/*
 * The normalized document of TOP trade @a t, or NULL for one Depot does
 * not take (not paid yet, or shipped outside Depot before it was seen).
 */
static json_t *
trade_doc(const json_t *t, struct core_arena *arena)
{
  const char *status = text(t, "status", arena);
  bool closed = strcmp(status, "TRADE_CLOSED") == 0 ||
                strcmp(status, "TRADE_CLOSED_BY_TAOBAO") == 0;
  if (!closed && strcmp(status, "WAIT_SELLER_SEND_GOODS") != 0 &&
      strcmp(status, "SELLER_CONSIGNED_PART") != 0)
    return NULL;
  const char *tid = text(t, "tid", arena);
  if (tid[0] == '\0')
    return NULL;
  json_t *lines = lines_of(t, arena);
  if (json_array_size(lines) == 0 && !closed) {
    json_decref(lines);
    return NULL;
  }
  const char *line1 = core_arena_printf(
      arena, "%s%s%s", text(t, "receiver_district", arena),
      text(t, "receiver_town", arena), text(t, "receiver_address", arena));
  const char *phone = text(t, "receiver_mobile", arena);
  if (phone[0] == '\0')
    phone = text(t, "receiver_phone", arena);
  json_t *doc = json_pack(
      "{s:s, s:s, s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
      "s:s, s:s}, s:o, s:s, s:s, s:s, s:s}",
      "external_id", tid, "currency", "CNY", "customer", "name",
      text(t, "buyer_nick", arena), "email", "", "phone", phone, "ship_to",
      "name", text(t, "receiver_name", arena), "line1", line1, "line2", "",
      "city", text(t, "receiver_city", arena), "region",
      text(t, "receiver_state", arena), "postcode",
      text(t, "receiver_zip", arena), "country_code", "CN", "phone", phone,
      "open_address_id", text(t, "oaid", arena), "lines", lines,
      "shipping_amount", text(t, "post_fee", arena), "total",
      text(t, "payment", arena), "notes", text(t, "buyer_message", arena),
      "channel", "taobao");
  if (doc != NULL && closed)
    json_object_set_new(
        doc, "cancelled",
        json_string(core_arena_printf(arena, "taobao status %s", status)));
  return doc;
}

/* One page of the increment list into @a trades (borrowed from @a root). */
static enum core_ec
list_page(const struct channel_creds *c, const char *from, const char *to,
          int page, int size, bool probe, struct core_arena *arena,
          json_t **root, const json_t **trades, long long *total,
          struct channel_error *err)
{
  const char *fields = probe ? "tid" : trade_fields;
  const char *pn = core_arena_printf(arena, "%d", page);
  const char *ps = core_arena_printf(arena, "%d", size);
  struct channel_taobao_param biz[] = {
      {"fields", fields}, {"start_modified", from}, {"end_modified", to},
      {"page_no", pn},    {"page_size", ps},        {"use_has_next", "false"},
  };
  const json_t *r = NULL;
  enum core_ec ec =
      channel_taobao_call(c, "taobao.trades.sold.increment.get", biz,
                          sizeof biz / sizeof biz[0], arena, root, &r, err);
  if (ec != CORE_EC_OK)
    return ec;
  *total = json_integer_value(json_object_get(r, "total_results"));
  const json_t *list = json_object_get(json_object_get(r, "trades"), "trade");
  *trades = json_is_array(list) ? list : NULL;
  return CORE_EC_OK;
}

static enum core_ec
taobao_pull(const struct channel_creds *c, time_t from, time_t to,
            channel_order_cb cb, void *cls, struct core_arena *arena,
            struct channel_error *err)
{
  char f[20], t[20];
  channel_taobao_time(from, f);
  channel_taobao_time(to, t);
  int size = c->page_size >= 1 && c->page_size <= 100 ? c->page_size : 100;
  return channel_pull_pages(c, f, t, size, list_page, trade_doc, cb, cls, arena,
                            err);
}

static enum core_ec
taobao_ship(const struct channel_creds *c, const struct channel_parcel *p,
            struct core_arena *arena, struct channel_error *err)
{
  const char *subs = "";
  for (size_t i = 0; i < p->n_sub; i++)
    subs = core_arena_printf(arena, "%s%s%s", subs, i > 0 ? "," : "",
                             p->sub_ids[i]);
  struct channel_taobao_param biz[5] = {
      {"tid", p->order},
      {"out_sid", p->waybill},
      {"company_code", p->carrier},
  };
  size_t n = 3;
  if (p->n_sub > 0) {
    biz[n++] = (struct channel_taobao_param){"is_split", "1"};
    biz[n++] = (struct channel_taobao_param){"sub_tid", subs};
  }
  json_t *root = NULL;
  const json_t *r = NULL;
  enum core_ec ec = channel_taobao_call(c, "taobao.logistics.offline.send", biz,
                                        n, arena, &root, &r, err);
  if (ec == CORE_EC_OK && !json_is_true(json_object_get(
                              json_object_get(r, "shipping"), "is_success"))) {
    snprintf(err->msg, sizeof err->msg,
             "the platform answered is_success "
             "false");
    ec = CORE_EC_CHANNEL_UPSTREAM;
  }
  json_decref(root);
  return ec;
}

/*
 * Stock push (issue 27 item 5), to the TOP API documentation of
 * taobao.skus.quantity.update (num_iid, skuid_quantities
 * "skuId:qty;skuId:qty", at most 20 SKUs of one item per call, type 1 =
 * full update; answer skus_quantity_update_response.item) and
 * taobao.item.quantity.update (num_iid, optional sku_id, quantity, type 1;
 * answer item_quantity_update_response.item) for a listing without SKUs.
 * Errors come in the common error_response (isv.* sub codes refused).
 */
enum { TOP_SKUS_PER_CALL = 20 };

/* Pushes the listings of @a rows from @a at with item @a item and a SKU id
 * (at most TOP_SKUS_PER_CALL), marking those taken; the next index. */
static size_t
push_skus(const struct channel_creds *c, struct channel_stock *rows, size_t n,
          size_t at, struct core_arena *arena, struct channel_error *err,
          enum core_ec *ec)
{
  const char *item = rows[at].item_id;
  const char *list = "";
  size_t took[TOP_SKUS_PER_CALL], k = 0, i = at;
  for (; i < n && k < TOP_SKUS_PER_CALL; i++) {
    if (rows[i].pushed || rows[i].sku_id[0] == '\0' ||
        strcmp(rows[i].item_id, item) != 0)
      continue;
    list = core_arena_printf(arena, "%s%s%s:%lld", list, k > 0 ? ";" : "",
                             rows[i].sku_id, rows[i].qty);
    took[k++] = i;
  }
  struct channel_taobao_param biz[] = {
      {"num_iid", item}, {"skuid_quantities", list}, {"type", "1"}};
  json_t *root = NULL;
  const json_t *r = NULL;
  enum core_ec e = channel_taobao_call(c, "taobao.skus.quantity.update", biz, 3,
                                       arena, &root, &r, err);
  if (e == CORE_EC_OK && !json_is_object(json_object_get(r, "item"))) {
    snprintf(err->msg, sizeof err->msg, "the answer has no item");
    e = CORE_EC_CHANNEL_UPSTREAM;
  }
  json_decref(root);
  for (size_t j = 0; j < k; j++)
    rows[took[j]].pushed = e == CORE_EC_OK;
  if (e != CORE_EC_OK)
    *ec = e;
  return i;
}

static enum core_ec
taobao_stock_push(const struct channel_creds *c, struct channel_stock *rows,
                  size_t n, struct core_arena *arena, struct channel_error *err)
{
  enum core_ec ec = CORE_EC_OK;
  bool *tried = core_arena_alloc(arena, n + 1);
  memset(tried, 0, n + 1);
  for (size_t i = 0; i < n; i++) {
    if (rows[i].pushed || tried[i])
      continue;
    if (rows[i].sku_id[0] != '\0') {
      for (size_t j = i; j < n; j++)
        if (rows[j].sku_id[0] != '\0' &&
            strcmp(rows[j].item_id, rows[i].item_id) == 0)
          tried[j] = true;
      /* An item's SKUs go twenty to a call until all were sent. */
      size_t left = 1;
      while (left > 0) {
        push_skus(c, rows, n, i, arena, err, &ec);
        left = 0;
        for (size_t j = i; j < n; j++)
          if (!rows[j].pushed && rows[j].sku_id[0] != '\0' &&
              strcmp(rows[j].item_id, rows[i].item_id) == 0)
            left++;
        if (ec != CORE_EC_OK)
          break;
      }
      continue;
    }
    tried[i] = true;
    const char *q = core_arena_printf(arena, "%lld", rows[i].qty);
    struct channel_taobao_param biz[] = {
        {"num_iid", rows[i].item_id}, {"quantity", q}, {"type", "1"}};
    json_t *root = NULL;
    const json_t *r = NULL;
    enum core_ec e = channel_taobao_call(c, "taobao.item.quantity.update", biz,
                                         3, arena, &root, &r, err);
    json_decref(root);
    rows[i].pushed = e == CORE_EC_OK;
    if (e != CORE_EC_OK)
      ec = e;
  }
  return ec;
}

static enum core_ec
taobao_refresh(const struct channel_creds *c, const char *refresh_token,
               struct core_arena *arena, struct channel_token *out,
               struct channel_error *err)
{
  struct channel_creds nc = *c;
  nc.session = NULL;
  struct channel_taobao_param biz[] = {{"refresh_token", refresh_token}};
  json_t *root = NULL;
  const json_t *r = NULL;
  enum core_ec ec = channel_taobao_call(&nc, "taobao.top.auth.token.refresh",
                                        biz, 1, arena, &root, &r, err);
  json_t *tok = NULL;
  if (ec == CORE_EC_OK) {
    const char *text = json_string_value(json_object_get(r, "token_result"));
    tok = text != NULL ? json_loads(text, 0, NULL) : NULL;
    const char *at = json_string_value(json_object_get(tok, "access_token"));
    if (at == NULL || at[0] == '\0') {
      snprintf(err->msg, sizeof err->msg, "token_result without access_token");
      ec = CORE_EC_CHANNEL_UPSTREAM;
    } else {
      const char *rt = json_string_value(json_object_get(tok, "refresh_token"));
      json_int_t in = json_integer_value(json_object_get(tok, "expires_in"));
      json_int_t ms = json_integer_value(json_object_get(tok, "expire_time"));
      out->access_token = core_arena_strdup(arena, at);
      out->refresh_token =
          rt != NULL && rt[0] != '\0' ? core_arena_strdup(arena, rt) : NULL;
      out->expires_at = in > 0   ? (long long)time(NULL) + in
                        : ms > 0 ? ms / 1000
                                 : 0;
    }
  }
  json_decref(tok);
  json_decref(root);
  return ec;
}

const struct channel_adapter channel_taobao_adapter = {
    .channel = "taobao",
    .pull = taobao_pull,
    .ship = taobao_ship,
    .refresh = taobao_refresh,
    .waybill = channel_taobao_waybill,
    .stock_push = taobao_stock_push,
};
