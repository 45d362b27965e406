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
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
