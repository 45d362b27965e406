#include "web_channel_refund.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Caps what one delivery may carry, as for orders. */
enum { MAX_ITEMS = 500 };

/* A JSON string or integer as text in @a buf ("" if neither). */
static const char *
id_of(const json_t *v, char *buf, size_t len)
{
  if (json_is_string(v))
    snprintf(buf, len, "%s", json_string_value(v));
  else if (json_is_integer(v))
    snprintf(buf, len, "%lld", (long long)json_integer_value(v));
  else
    buf[0] = '\0';
  return buf;
}

/*
 * The amount @a v ("12.5", "-5.00", 12.5) in cents into @a out; false
 * when it is not a decimal amount. Parsed by hand, never through a
 * double, so cents add up exactly.
 */
static bool
cents_of(const json_t *v, int64_t *out)
{
  char buf[40];
  if (json_is_real(v))
    snprintf(buf, sizeof buf, "%.2f", json_real_value(v));
  else if (json_is_integer(v))
    snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
  else if (json_is_string(v) && strlen(json_string_value(v)) < sizeof buf)
    snprintf(buf, sizeof buf, "%s", json_string_value(v));
  else
    return false;
  const char *c = buf;
  bool neg = *c == '-';
  c += neg || *c == '+';
  int64_t whole = 0, frac = 0;
  int places = 0, digits = 0;
  for (; *c >= '0' && *c <= '9' && digits < 13; c++, digits++)
    whole = whole * 10 + (*c - '0');
  if (*c == '.')
    for (c++; *c >= '0' && *c <= '9' && places < 2; c++, places++)
      frac = frac * 10 + (*c - '0');
  if (*c != '\0' || digits == 0)
    return false;
  frac *= places == 0 ? 100 : places == 1 ? 10 : 1;
  *out = (neg ? -1 : 1) * (whole * 100 + frac);
  return true;
}

/* Cents @a c as decimal text "d.cc" (a JSON string). */
static json_t *
money(int64_t c)
{
  char buf[32];
  snprintf(buf, sizeof buf, "%s%" PRId64 ".%02" PRId64, c < 0 ? "-" : "",
           (c < 0 ? -c : c) / 100, (c < 0 ? -c : c) % 100);
  return json_string(buf);
}

/* Adds the amount at @a v (a JSON amount) to @a sum; fails on a bad one. */
static enum core_ec
add_cents(const json_t *v, const char *field, int64_t *sum, bool absolute,
          struct core_json_error *err)
{
  int64_t c;
  if (!cents_of(v, &c))
    return core_json_fail(err, CORE_EC_INVALID_VALUE, field,
                          "not an amount of money");
  *sum += absolute && c < 0 ? -c : c;
  return CORE_EC_OK;
}

/* Whether refund line @a l brings goods back (Shopify's restock types). */
static bool
restocked(const json_t *l, bool restock)
{
  const char *t = json_string_value(json_object_get(l, "restock_type"));
  if (t == NULL)
    return restock;
  return strcmp(t, "return") == 0 || strcmp(t, "legacy_restock") == 0;
}

/* The restocked goods of a Shopify refund, [{sku, qty}]. */
static json_t *
shopify_lines(const json_t *p)
{
  json_t *out = json_array();
  bool restock = json_is_true(json_object_get(p, "restock"));
  size_t i;
  const json_t *l;
  json_array_foreach(json_object_get(p, "refund_line_items"), i, l)
  {
    const json_t *item = json_object_get(l, "line_item");
    const char *sku = json_string_value(json_object_get(item, "sku"));
    json_int_t qty = json_integer_value(json_object_get(l, "quantity"));
    if (i >= MAX_ITEMS || !restocked(l, restock) || sku == NULL ||
        sku[0] == '\0' || qty <= 0)
      continue;
    json_array_append_new(out, json_pack("{s:s, s:I}", "sku", sku, "qty", qty));
  }
  return out;
}

/* Shopify's refunded shipping: order adjustments of kind shipping_refund
 * (negative amounts) and, since 2024, refund_shipping_lines. */
static enum core_ec
shopify_shipping(const json_t *p, int64_t *out, struct core_json_error *err)
{
  size_t i;
  const json_t *a;
  json_array_foreach(json_object_get(p, "order_adjustments"), i, a)
  {
    const char *kind = json_string_value(json_object_get(a, "kind"));
    if (kind != NULL && strcmp(kind, "shipping_refund") == 0 &&
        add_cents(json_object_get(a, "amount"), "order_adjustments", out, true,
                  err) != CORE_EC_OK)
      return err->ec;
  }
  json_array_foreach(json_object_get(p, "refund_shipping_lines"), i, a)
  {
    const json_t *m = json_object_get(
        json_object_get(json_object_get(a, "subtotal_amount_set"),
                        "shop_money"),
        "amount");
    if (m != NULL &&
        add_cents(m, "refund_shipping_lines", out, true, err) != CORE_EC_OK)
      return err->ec;
  }
  return CORE_EC_OK;
}

/* The money of a Shopify refund: its successful refund transactions. */
static enum core_ec
shopify_money(const json_t *p, int64_t *out, struct core_json_error *err)
{
  size_t i;
  const json_t *t;
  json_array_foreach(json_object_get(p, "transactions"), i, t)
  {
    const char *kind = json_string_value(json_object_get(t, "kind"));
    const char *status = json_string_value(json_object_get(t, "status"));
    if (kind == NULL || strcmp(kind, "refund") != 0 ||
        (status != NULL && strcmp(status, "success") != 0))
      continue;
    if (add_cents(json_object_get(t, "amount"), "transactions", out, true,
                  err) != CORE_EC_OK)
      return err->ec;
  }
  return CORE_EC_OK;
}

enum core_ec
web_channel_refund_shopify(const json_t *p, json_t **doc,
                           struct core_json_error *err)
{
  char id[32], order[32];
  if (id_of(json_object_get(p, "id"), id, sizeof id)[0] == '\0')
    return core_json_fail(err, CORE_EC_MISSING_FIELD, "id",
                          "the refund has no id");
  if (id_of(json_object_get(p, "order_id"), order, sizeof order)[0] == '\0')
    return core_json_fail(err, CORE_EC_MISSING_FIELD, "order_id",
                          "the refund names no order");
  int64_t total = 0, shipping = 0;
  if (shopify_money(p, &total, err) != CORE_EC_OK ||
      shopify_shipping(p, &shipping, err) != CORE_EC_OK)
    return err->ec;
  /* The transactions pay the goods and the shipping together. */
  int64_t goods = total > shipping ? total - shipping : 0;
  const char *note = json_string_value(json_object_get(p, "note"));
  json_t *refund =
      json_pack("{s:s, s:o, s:o, s:s, s:o}", "id", id, "amount", money(goods),
                "shipping_refund", money(total > shipping ? shipping : total),
                "note", note != NULL ? note : "", "lines", shopify_lines(p));
  *doc = json_pack("{s:s, s:s, s:[o]}", "external_id", order, "channel",
                   "shopify", "refunds", refund);
  return CORE_EC_OK;
}

/* One Woo refund {id, reason, total (negative)} of the order's list. */
static enum core_ec
woo_one(const json_t *r, json_t *out, struct core_json_error *err)
{
  char id[32];
  int64_t c = 0;
  if (id_of(json_object_get(r, "id"), id, sizeof id)[0] == '\0')
    return core_json_fail(err, CORE_EC_MISSING_FIELD, "refunds",
                          "a refund has no id");
  if (add_cents(json_object_get(r, "total"), "refunds", &c, true, err) !=
      CORE_EC_OK)
    return err->ec;
  const char *why = json_string_value(json_object_get(r, "reason"));
  json_array_append_new(out,
                        json_pack("{s:s, s:o, s:s, s:s, s:[]}", "id", id,
                                  "amount", money(c), "shipping_refund", "0",
                                  "note", why != NULL ? why : "", "lines"));
  return CORE_EC_OK;
}

/* A refunded order that lists no refunds: the whole order, one refund. */
static enum core_ec
woo_whole(const json_t *p, const char *order, json_t *out,
          struct core_json_error *err)
{
  int64_t total = 0, ship = 0;
  if (add_cents(json_object_get(p, "total"), "total", &total, true, err) !=
          CORE_EC_OK ||
      (json_object_get(p, "shipping_total") != NULL &&
       add_cents(json_object_get(p, "shipping_total"), "shipping_total", &ship,
                 true, err) != CORE_EC_OK))
    return err->ec;
  char id[48];
  snprintf(id, sizeof id, "order-%s-refunded", order);
  json_array_append_new(
      out, json_pack("{s:s, s:o, s:o, s:s, s:[]}", "id", id, "amount",
                     money(total > ship ? total - ship : 0), "shipping_refund",
                     money(total > ship ? ship : total), "note", "", "lines"));
  return CORE_EC_OK;
}

enum core_ec
web_channel_refund_woocommerce(const json_t *p, json_t **doc,
                               struct core_json_error *err)
{
  *doc = NULL;
  const char *status = json_string_value(json_object_get(p, "status"));
  if (status == NULL || strcmp(status, "refunded") != 0)
    return CORE_EC_OK;
  char order[32];
  id_of(json_object_get(p, "id"), order, sizeof order);
  json_t *refunds = json_array();
  const json_t *list = json_object_get(p, "refunds");
  size_t i;
  const json_t *r;
  enum core_ec ec = CORE_EC_OK;
  json_array_foreach(list, i, r)
  {
    if (i >= MAX_ITEMS || ec != CORE_EC_OK)
      break;
    ec = woo_one(r, refunds, err);
  }
  if (ec == CORE_EC_OK && json_array_size(refunds) == 0)
    ec = woo_whole(p, order, refunds, err);
  if (ec != CORE_EC_OK) {
    json_decref(refunds);
    return ec;
  }
  *doc = json_pack("{s:s, s:s, s:o, s:b}", "external_id", order, "channel",
                   "woocommerce", "refunds", refunds, "if_shipped", 1);
  return CORE_EC_OK;
}
