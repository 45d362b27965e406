/* Channel payloads to API order documents: numbers become text per field. */
#include "web_order_input.h"

#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static const char *
member(const json_t *o, const char *path1, const char *path2)
{
  const json_t *v = json_object_get(o, path1);
  if (path2 != NULL)
    v = json_object_get(v, path2);
  return json_string_value(v);
}

static void
numeric_members_of_shopify_keep_their_own_values(void **state)
{
  (void)state;
  json_t *p = json_loads(
      "{\"id\": 820982911946154508, \"currency\": \"CNY\", \"phone\": "
      "13800138000,"
      " \"email\": 7, \"total_price\": 199.5, \"note\": 42,"
      " \"customer\": {\"first_name\": \"Li\", \"last_name\": \"Wei\"},"
      " \"shipping_lines\": [{\"price\": 12}],"
      " \"line_items\": [{\"id\": 1, \"sku\": \"SKU-1\", \"quantity\": 2,"
      " \"price\": \"10.00\", \"name\": \"Pen\"}]}",
      0, NULL);
  assert_non_null(p);
  json_t *doc = NULL;
  struct core_json_error err;
  assert_int_equal(web_order_input_shopify(p, &doc, &err), CORE_EC_OK);
  assert_string_equal(member(doc, "external_id", NULL), "820982911946154508");
  assert_string_equal(member(doc, "currency", NULL), "CNY");
  assert_string_equal(member(doc, "customer", "name"), "Li Wei");
  assert_string_equal(member(doc, "customer", "phone"), "13800138000");
  assert_string_equal(member(doc, "customer", "email"), "7");
  assert_string_equal(member(doc, "total", NULL), "199.50");
  assert_string_equal(member(doc, "shipping_amount", NULL), "12");
  assert_string_equal(member(doc, "notes", NULL), "42");
  json_decref(doc);
  json_decref(p);
}

static void
numeric_members_of_woocommerce_keep_their_own_values(void **state)
{
  (void)state;
  json_t *p = json_loads(
      "{\"id\": 727, \"currency\": \"CNY\", \"total\": 88,"
      " \"shipping_total\": 6, \"customer_note\": 5,"
      " \"billing\": {\"first_name\": \"Wang\", \"last_name\": \"Fang\","
      " \"email\": \"w@example.com\", \"phone\": 13900139000},"
      " \"line_items\": [{\"id\": 3, \"sku\": \"SKU-2\", \"quantity\": 1,"
      " \"price\": 88, \"name\": \"Ink\"}]}",
      0, NULL);
  assert_non_null(p);
  json_t *doc = NULL;
  struct core_json_error err;
  assert_int_equal(web_order_input_woocommerce(p, &doc, &err), CORE_EC_OK);
  assert_string_equal(member(doc, "external_id", NULL), "727");
  assert_string_equal(member(doc, "customer", "name"), "Wang Fang");
  assert_string_equal(member(doc, "customer", "phone"), "13900139000");
  assert_string_equal(member(doc, "total", NULL), "88");
  assert_string_equal(member(doc, "shipping_amount", NULL), "6");
  assert_string_equal(member(doc, "notes", NULL), "5");
  json_decref(doc);
  json_decref(p);
}

/* The first line's member @a k. */
static const char *
line0(const json_t *doc, const char *k)
{
  return json_string_value(
      json_object_get(json_array_get(json_object_get(doc, "lines"), 0), k));
}

static void
channel_discounts_become_line_discounts_at_list_prices(void **state)
{
  (void)state;
  /* Shopify spreads its coupons over the lines (discount_allocations). */
  json_t *p = json_loads(
      "{\"id\": 9, \"currency\": \"USD\", \"total_price\": \"15.50\","
      " \"line_items\": [{\"id\": 1, \"sku\": \"A\", \"quantity\": 2,"
      " \"price\": \"10.00\", \"total_discount\": \"9.99\","
      " \"discount_allocations\": [{\"amount\": \"3.00\"},"
      " {\"amount\": 1.5}]}, {\"id\": 2, \"sku\": \"B\", \"quantity\": 1,"
      " \"price\": \"4.00\"}]}",
      0, NULL);
  json_t *doc = NULL;
  struct core_json_error err;
  assert_int_equal(web_order_input_shopify(p, &doc, &err), CORE_EC_OK);
  assert_string_equal(line0(doc, "unit_price"), "10.00");
  assert_string_equal(line0(doc, "discount"), "4.50");
  assert_null(json_object_get(json_array_get(json_object_get(doc, "lines"), 1),
                              "discount"));
  json_decref(doc);
  json_decref(p);
  /* WooCommerce's price is after the coupon: the subtotal is the list. */
  p = json_loads(
      "{\"id\": 10, \"currency\": \"CNY\", \"total\": \"25.50\","
      " \"line_items\": [{\"id\": 3, \"sku\": \"C\", \"quantity\": 3,"
      " \"price\": 8.5, \"subtotal\": \"30.00\", \"total\": \"25.50\"}]}",
      0, NULL);
  assert_int_equal(web_order_input_woocommerce(p, &doc, &err), CORE_EC_OK);
  assert_string_equal(line0(doc, "unit_price"), "10.00");
  assert_string_equal(line0(doc, "discount"), "4.50");
  json_decref(doc);
  json_decref(p);
}

static void
payload_without_lines_or_id_is_refused(void **state)
{
  (void)state;
  json_t *p = json_loads("{\"id\": 1, \"line_items\": []}", 0, NULL);
  json_t *doc = NULL;
  struct core_json_error err;
  assert_int_equal(web_order_input_shopify(p, &doc, &err),
                   CORE_EC_MISSING_FIELD);
  json_decref(p);
  p = json_loads("{\"line_items\": [{\"sku\": \"A\", \"quantity\": 1}]}", 0,
                 NULL);
  assert_int_equal(web_order_input_woocommerce(p, &doc, &err),
                   CORE_EC_MISSING_FIELD);
  assert_string_equal(err.field, "id");
  json_decref(p);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(numeric_members_of_shopify_keep_their_own_values),
      cmocka_unit_test(numeric_members_of_woocommerce_keep_their_own_values),
      cmocka_unit_test(payload_without_lines_or_id_is_refused),
      cmocka_unit_test(channel_discounts_become_line_discounts_at_list_prices),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
