#include "web_order_input.h"

#include "core_arena.h"
#include "core_money.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Copies the listed string members of @a in (may be NULL) into @a out. */
static json_t *
pick_strings(const json_t *in, const char *const *keys)
{
  json_t *out = json_object();
  for (const char *const *k = keys; *k != NULL; k++) {
    const char *v = json_string_value(json_object_get(in, *k));
    json_object_set_new(out, *k, json_string(v != NULL ? v : ""));
  }
  return out;
}

static const char *const customer_keys[] = {"name", "email", "phone", NULL};
static const char *const address_keys[] = {"name",         "line1",  "line2",
                                           "city",         "region", "postcode",
                                           "country_code", "phone",  NULL};

/* Shape checks of the customer and ship_to objects of an API body. */
static enum core_ec
check_party(const json_t *obj, const char *prefix, const char *const *keys,
            struct core_arena *a, struct core_json_error *err)
{
  const char *vals[9] = {NULL};
  struct core_json_spec spec[10];
  size_t n = 0;
  for (; keys[n] != NULL; n++)
    spec[n] = (struct core_json_spec){
        CORE_JSON_K_STRING(keys[n], &vals[n], 200), .optional = true};
  spec[n] = (struct core_json_spec)CORE_JSON_END;
  return core_json_parse(obj, spec, true, prefix, a, err);
}

/*
 * One API line: {"sku" | "barcode", "qty", "unit_price", "discount"?,
 * "name"}; @a worth (out) is what it comes to in cents, less its discount.
 */
static enum core_ec
api_line(const json_t *v, size_t i, struct core_arena *a, json_t *lines,
         int64_t *worth, struct core_json_error *err)
{
  char prefix[32];
  snprintf(prefix, sizeof prefix, "lines[%zu]", i);
  const char *sku = NULL, *barcode = NULL, *price = NULL, *name = "";
  const char *discount = "0";
  int64_t qty = 0;
  bool ships = true;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("sku", &sku, 64)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("barcode", &barcode, 64)),
      CORE_JSON_REQ(CORE_JSON_K_INT("qty", &qty, 1, 1000000)),
      CORE_JSON_REQ(CORE_JSON_K_DECIMAL("unit_price", &price, 2, 12)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DECIMAL("discount", &discount, 2, 12)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("name", &name, 300)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_BOOL("requires_shipping", &ships)),
      CORE_JSON_END,
  };
  enum core_ec ec = core_json_parse(v, spec, true, prefix, a, err);
  if (ec != CORE_EC_OK)
    return ec;
  char field[48];
  if ((sku == NULL) == (barcode == NULL)) {
    snprintf(field, sizeof field, "%s.sku", prefix);
    return core_json_fail(err, CORE_EC_MISSING_FIELD, field,
                          "give exactly one of sku and barcode");
  }
  if (strspn(price, "0.") == strlen(price)) {
    snprintf(field, sizeof field, "%s.unit_price", prefix);
    return core_json_fail(err, CORE_EC_OUT_OF_RANGE, field,
                          "a price must be above 0");
  }
  int64_t p = 0, d = 0;
  if (!core_money_cents(price, &p) || !core_money_cents(discount, &d) ||
      d < 0 || d > p * qty) {
    snprintf(field, sizeof field, "%s.discount", prefix);
    return core_json_fail(err, CORE_EC_OUT_OF_RANGE, field,
                          "a line's discount is at most qty x unit_price");
  }
  *worth = p * qty - d;
  json_t *line =
      json_pack("{s:I, s:s, s:s, s:b}", "qty", (json_int_t)qty, "unit_price",
                price, "name", name, "requires_shipping", ships);
  json_object_set_new(line, sku != NULL ? "sku" : "barcode",
                      json_string(sku != NULL ? sku : barcode));
  /* Only when given: an order without one hashes as it always did. */
  if (d > 0)
    json_object_set_new(line, "discount", json_string(discount));
  json_array_append_new(lines, line);
  return CORE_EC_OK;
}

/* The order-level @a discount: never more than the lines are worth. */
static enum core_ec
api_discount(const char *discount, int64_t worth, json_t *doc,
             struct core_json_error *err)
{
  int64_t d = 0;
  if (!core_money_cents(discount, &d) || d < 0 || d > worth)
    return core_json_fail(err, CORE_EC_OUT_OF_RANGE, "discount",
                          "the order's discount is at most what its lines "
                          "come to after their own discounts");
  if (d > 0)
    json_object_set_new(doc, "discount", json_string(discount));
  return CORE_EC_OK;
}

enum core_ec
web_order_input_api(const json_t *body, struct core_arena *arena,
                    const char **store, json_t **doc,
                    struct core_json_error *err)
{
  const char *external_id, *currency = NULL, *shipping = "0", *notes = "";
  const char *discount = "0";
  const json_t *customer = NULL, *ship_to = NULL, *lines_in = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("store", store, 32)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("external_id", &external_id, 100)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_OBJECT("customer", &customer)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_OBJECT("ship_to", &ship_to)),
      CORE_JSON_REQ(CORE_JSON_K_ARRAY("lines", &lines_in)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("currency", &currency, 3)),
      CORE_JSON_OPT(NULL,
                    CORE_JSON_K_DECIMAL("shipping_amount", &shipping, 2, 12)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DECIMAL("discount", &discount, 2, 12)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("notes", &notes, 2000)),
      CORE_JSON_END,
  };
  enum core_ec ec = core_json_parse(body, spec, true, NULL, arena, err);
  if (ec == CORE_EC_OK && customer != NULL)
    ec = check_party(customer, "customer", customer_keys, arena, err);
  if (ec == CORE_EC_OK && ship_to != NULL)
    ec = check_party(ship_to, "ship_to", address_keys, arena, err);
  if (ec != CORE_EC_OK)
    return ec;
  size_t n = json_array_size(lines_in);
  if (n == 0 || n > WEB_ORDER_MAX_LINES)
    return core_json_fail(
        err, n == 0 ? CORE_EC_INVALID_VALUE : CORE_EC_TOO_MANY_LINES, "lines",
        "an order has 1 to %d lines, not %zu", WEB_ORDER_MAX_LINES, n);
  json_t *lines = json_array();
  int64_t worth = 0;
  for (size_t i = 0; i < n && ec == CORE_EC_OK; i++) {
    int64_t w = 0;
    ec = api_line(json_array_get(lines_in, i), i, arena, lines, &w, err);
    worth += w;
  }
  if (ec != CORE_EC_OK) {
    json_decref(lines);
    return ec;
  }
  *doc =
      json_pack("{s:s, s:o, s:o, s:o, s:s, s:s, s:s}", "external_id",
                external_id, "customer", pick_strings(customer, customer_keys),
                "ship_to", pick_strings(ship_to, address_keys), "lines", lines,
                "shipping_amount", shipping, "notes", notes, "channel", "api");
  /* Omitted, the currency is the store's (ord_do_intake fills it in). */
  if (currency != NULL)
    json_object_set_new(*doc, "currency", json_string(currency));
  ec = api_discount(discount, worth, *doc, err);
  if (ec != CORE_EC_OK) {
    json_decref(*doc);
    *doc = NULL;
  }
  return ec;
}

/* A JSON string or number member as text ("" if absent). */
static const char *
text_of(const json_t *obj, const char *key, char *buf, size_t len)
{
  const json_t *v = json_object_get(obj, key);
  if (json_is_string(v))
    return json_string_value(v);
  if (json_is_integer(v)) {
    snprintf(buf, len, "%lld", (long long)json_integer_value(v));
    return buf;
  }
  if (json_is_real(v)) {
    snprintf(buf, len, "%.2f", json_real_value(v));
    return buf;
  }
  return "";
}

/* Shopify's two-part names and Woo's first/last names, joined. */
static json_t *
address(const json_t *a, const char *line1, const char *line2,
        const char *region, const char *postcode, const char *country)
{
  char name[256], b[32];
  const char *full = json_string_value(json_object_get(a, "name"));
  if (full == NULL)
    snprintf(name, sizeof name, "%s %s", text_of(a, "first_name", b, 32),
             text_of(a, "last_name", b, 32));
  return json_pack(
      "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "name",
      full != NULL ? full : name, "line1", text_of(a, line1, b, 32), "line2",
      text_of(a, line2, b, 32), "city", text_of(a, "city", b, 32), "region",
      text_of(a, region, b, 32), "postcode", text_of(a, postcode, b, 32),
      "country_code", text_of(a, country, b, 32), "phone",
      text_of(a, "phone", b, 32));
}

/* The line's quantity (1 when a channel sends none). */
static json_int_t
channel_qty(const json_t *l)
{
  json_int_t qty = json_integer_value(json_object_get(l, "quantity"));
  return qty > 0 ? qty : 1;
}

/*
 * One channel line at unit price @a price with @a discount cents off the
 * line (0: none). A line without a SKU keeps its name (the back office
 * sees it on hold as unknown_sku); one that needs no shipping (a gift
 * card) stays on the order and is never picked.
 */
static json_t *
channel_line(const json_t *l, const char *price, int64_t discount, bool ships)
{
  char b2[32], b3[32], d[24];
  const char *sku = json_string_value(json_object_get(l, "sku"));
  json_t *line =
      json_pack("{s:s, s:I, s:s, s:s, s:b, s:s}", "sku",
                sku != NULL && sku[0] != '\0' ? sku : "", "qty", channel_qty(l),
                "unit_price", price, "name", text_of(l, "name", b2, sizeof b2),
                "requires_shipping", ships, "external_line_id",
                text_of(l, "id", b3, sizeof b3));
  if (discount > 0)
    json_object_set_new(line, "discount",
                        json_string(core_money_text(discount, d)));
  return line;
}

/* A Shopify line's discount: its discount allocations (the order's
 * coupons already spread by Shopify), else its total_discount. */
static int64_t
shopify_discount(const json_t *l)
{
  char b[32];
  int64_t sum = 0, c;
  size_t i;
  const json_t *a;
  json_array_foreach(json_object_get(l, "discount_allocations"), i, a)
  {
    if (core_money_cents(text_of(a, "amount", b, sizeof b), &c))
      sum += c;
  }
  if (json_array_size(json_object_get(l, "discount_allocations")) == 0 &&
      core_money_cents(text_of(l, "total_discount", b, sizeof b), &c))
    sum = c;
  return sum > 0 ? sum : 0;
}

static enum core_ec
need_lines(const json_t *items, struct core_json_error *err)
{
  size_t n = json_array_size(items);
  if (!json_is_array(items) || n == 0)
    return core_json_fail(err, CORE_EC_MISSING_FIELD, "line_items",
                          "the order has no line items");
  if (n > WEB_ORDER_MAX_LINES)
    return core_json_fail(err, CORE_EC_TOO_MANY_LINES, "line_items",
                          "%zu lines; at most %d", n, WEB_ORDER_MAX_LINES);
  return CORE_EC_OK;
}

/*
 * The text members of a channel order. Each has its own buffer because
 * text_of formats numbers into it and json_pack reads them all at once.
 */
struct channel_order {
  char id[32], name[200];
  const char *currency, *email, *phone, *shipping, *total, *notes;
  char buf[6][32];
  char cancelled[160]; /* how the channel cancelled it; "" if it did not */
};

/* Checks the line items and the id shared by every channel payload. */
static enum core_ec
channel_start(const json_t *p, struct channel_order *o,
              struct core_json_error *err)
{
  enum core_ec ec = need_lines(json_object_get(p, "line_items"), err);
  if (ec != CORE_EC_OK)
    return ec;
  if (text_of(p, "id", o->id, sizeof o->id)[0] == '\0')
    return core_json_fail(err, CORE_EC_MISSING_FIELD, "id",
                          "the order has no id");
  o->cancelled[0] = '\0';
  return CORE_EC_OK;
}

/* "first last" from @a person (either may be absent). */
static void
channel_name(const json_t *person, struct channel_order *o)
{
  char first[32], last[32];
  snprintf(o->name, sizeof o->name, "%s %s",
           text_of(person, "first_name", first, sizeof first),
           text_of(person, "last_name", last, sizeof last));
}

/* Builds the API order document; takes @a ship_to and @a lines. */
static enum core_ec
channel_pack(const struct channel_order *o, json_t *ship_to, json_t *lines,
             const char *channel, json_t **doc, struct core_json_error *err)
{
  *doc = json_pack(
      "{s:s, s:s, s:{s:s, s:s, s:s}, s:o, s:o, s:s, s:s, s:s, s:s}",
      "external_id", o->id, "currency", o->currency, "customer", "name",
      o->name, "email", o->email, "phone", o->phone, "ship_to", ship_to,
      "lines", lines, "shipping_amount", o->shipping, "total", o->total,
      "notes", o->notes, "channel", channel);
  if (*doc == NULL)
    return core_json_fail(err, CORE_EC_INVALID_VALUE, "",
                          "the payload has an unexpected shape");
  /* ord_intake_doc cancels the order (or flags a shipped one) for this. */
  if (o->cancelled[0] != '\0')
    json_object_set_new(*doc, "cancelled", json_string(o->cancelled));
  return CORE_EC_OK;
}

enum core_ec
web_order_input_shopify(const json_t *p, json_t **doc,
                        struct core_json_error *err)
{
  struct channel_order o;
  enum core_ec ec = channel_start(p, &o, err);
  if (ec != CORE_EC_OK)
    return ec;
  json_t *lines = json_array();
  size_t i;
  json_t *l;
  json_array_foreach(json_object_get(p, "line_items"), i, l)
  {
    bool ships = !json_is_false(json_object_get(l, "requires_shipping")) &&
                 !json_is_true(json_object_get(l, "gift_card"));
    char price[32];
    json_array_append_new(lines, channel_line(l, text_of(l, "price", price, 32),
                                              shopify_discount(l), ships));
  }
  const json_t *ship = json_array_get(json_object_get(p, "shipping_lines"), 0);
  channel_name(json_object_get(p, "customer"), &o);
  o.currency = text_of(p, "currency", o.buf[0], 32);
  o.email = text_of(p, "email", o.buf[1], 32);
  o.phone = text_of(p, "phone", o.buf[2], 32);
  o.shipping = ship != NULL ? text_of(ship, "price", o.buf[3], 32) : "0";
  o.total = text_of(p, "total_price", o.buf[4], 32);
  o.notes = text_of(p, "note", o.buf[5], 32);
  /* orders/cancelled, or an orders/updated of a cancelled order. */
  const char *when = json_string_value(json_object_get(p, "cancelled_at"));
  const char *why = json_string_value(json_object_get(p, "cancel_reason"));
  if (when != NULL && when[0] != '\0')
    snprintf(o.cancelled, sizeof o.cancelled,
             "shopify cancelled_at %.40s%s%.40s", when, why != NULL ? ", " : "",
             why != NULL ? why : "");
  return channel_pack(&o,
                      address(json_object_get(p, "shipping_address"),
                              "address1", "address2", "province_code", "zip",
                              "country_code"),
                      lines, "shopify", doc, err);
}

/*
 * A WooCommerce line: its price is after the coupons (total / quantity),
 * its subtotal before them. The line is taken at the subtotal's unit price
 * with the difference as its discount, so it nets to the line's total.
 */
static json_t *
woo_line(const json_t *l)
{
  char b[32], price[24];
  int64_t sub, total;
  json_int_t qty = channel_qty(l);
  if (!core_money_cents(text_of(l, "subtotal", b, sizeof b), &sub) ||
      !core_money_cents(text_of(l, "total", b, sizeof b), &total) ||
      total >= sub || total < 0)
    return channel_line(l, text_of(l, "price", b, sizeof b), 0, true);
  int64_t unit = (sub + qty / 2) / qty; /* to the cent, half up */
  int64_t discount = unit * qty - total;
  return channel_line(l, core_money_text(unit, price),
                      discount > 0 ? discount : 0, true);
}

enum core_ec
web_order_input_woocommerce(const json_t *p, json_t **doc,
                            struct core_json_error *err)
{
  struct channel_order o;
  enum core_ec ec = channel_start(p, &o, err);
  if (ec != CORE_EC_OK)
    return ec;
  json_t *lines = json_array();
  size_t i;
  json_t *l;
  json_array_foreach(json_object_get(p, "line_items"), i, l)
      json_array_append_new(lines, woo_line(l));
  const json_t *billing = json_object_get(p, "billing");
  channel_name(billing, &o);
  o.currency = text_of(p, "currency", o.buf[0], 32);
  o.email = text_of(billing, "email", o.buf[1], 32);
  o.phone = text_of(billing, "phone", o.buf[2], 32);
  o.shipping = text_of(p, "shipping_total", o.buf[3], 32);
  o.total = text_of(p, "total", o.buf[4], 32);
  o.notes = text_of(p, "customer_note", o.buf[5], 32);
  const char *status = json_string_value(json_object_get(p, "status"));
  if (status != NULL &&
      (strcmp(status, "cancelled") == 0 || strcmp(status, "refunded") == 0))
    snprintf(o.cancelled, sizeof o.cancelled, "woocommerce status %s", status);
  return channel_pack(&o,
                      address(json_object_get(p, "shipping"), "address_1",
                              "address_2", "state", "postcode", "country"),
                      lines, "woocommerce", doc, err);
}
