/* Warehouses over HTTP: create, read, list and the refusals of each. */
#include "api_harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static struct api_server srv;

static int
setup(void **state)
{
  return api_server_start(&srv, "api_warehouses", false, NULL) ? 0 : -1;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

static json_t *
call(const char *method, const char *path, const char *body, long status)
{
  struct api_reply r;
  assert_true(api_json(&srv, method, path, body, &r));
  if (r.status != status)
    fprintf(stderr, "%s %s -> %ld %s\n", method, path, r.status, r.body);
  assert_int_equal(r.status, status);
  json_t *j = json_incref(r.json);
  api_reply_clear(&r);
  return j;
}

static void
create_then_read_back(void **state)
{
  json_t *w = call("POST", "/api/v1/warehouses",
                   "{\"code\":\"zz1\",\"name\":\"株洲中心仓\","
                   "\"address\":{\"line1\":\"黄河南路 88 号\",\"city\":"
                   "\"株洲市\",\"region\":\"湖南省\",\"postcode\":\"412007\","
                   "\"country_code\":\"cn\"},\"timezone\":\"Asia/Shanghai\"}",
                   201);
  assert_string_equal(json_string_value(json_object_get(w, "code")), "ZZ1");
  assert_true(json_integer_value(json_object_get(w, "id")) > 0);
  json_decref(w);
  w = call("GET", "/api/v1/warehouses/ZZ1", NULL, 200);
  assert_string_equal(json_string_value(json_object_get(w, "name")),
                      "株洲中心仓");
  json_t *addr = json_object_get(w, "address");
  assert_string_equal(json_string_value(json_object_get(addr, "city")),
                      "株洲市");
  assert_string_equal(json_string_value(json_object_get(addr, "country_code")),
                      "CN");
  assert_true(json_is_true(json_object_get(w, "bin_managed")));
  json_decref(w);
}

static void
lite_and_third_party_warehouses(void **state)
{
  json_decref(call("POST", "/api/v1/warehouses",
                   "{\"code\":\"LL1\",\"name\":\"醴陵门店仓\","
                   "\"bin_managed\":false}",
                   201));
  json_t *e = call("POST", "/api/v1/warehouses",
                   "{\"code\":\"CS3\",\"name\":\"长沙仓\","
                   "\"owner\":{\"kind\":\"third_party\"}}",
                   422);
  assert_string_equal(
      json_string_value(json_object_get(json_object_get(e, "error"), "field")),
      "owner.name");
  json_decref(e);
  json_t *w = call("POST", "/api/v1/warehouses",
                   "{\"code\":\"CS3\",\"name\":\"长沙仓\",\"owner\":"
                   "{\"kind\":\"third_party\",\"name\":\"湘顺达供应链\"}}",
                   201);
  json_t *owner = json_object_get(w, "owner");
  assert_string_equal(json_string_value(json_object_get(owner, "kind")),
                      "third_party");
  json_decref(w);
}

static void
duplicate_code_is_409_and_writes_nothing(void **state)
{
  json_t *e = call("POST", "/api/v1/warehouses",
                   "{\"code\":\"ZZ1\",\"name\":\"another\"}", 409);
  json_t *err = json_object_get(e, "error");
  assert_string_equal(json_string_value(json_object_get(err, "code")),
                      "already_exists");
  assert_string_equal(json_string_value(json_object_get(err, "field")), "code");
  json_decref(e);
  json_t *w = call("GET", "/api/v1/warehouses/ZZ1", NULL, 200);
  assert_string_equal(json_string_value(json_object_get(w, "name")),
                      "株洲中心仓");
  json_decref(w);
}

static void
bad_values_are_422_with_field(void **state)
{
  const struct {
    const char *body, *code, *field;
  } cases[] = {
      {"{\"code\":\"X1\",\"name\":\"x\",\"timezone\":\"Mars/Olympus\"}",
       "invalid_value", "timezone"},
      {"{\"code\":\"X1\",\"name\":\"x\",\"address\":{\"country_code\":\"C1\"}}",
       "invalid_value", "address.country_code"},
      {"{\"code\":\"X1\",\"name\":\"x\",\"owner\":{\"kind\":\"rented\"}}",
       "invalid_value", "owner.kind"},
      {"{\"code\":\"-X1\",\"name\":\"x\"}", "invalid_value", "code"},
      {"{\"code\":\"X1234567890123456789012345678901234\",\"name\":\"x\"}",
       "invalid_value", "code"},
      {"{\"code\":\"X1\",\"name\":\"x\",\"bin_managed\":\"yes\"}", "wrong_type",
       "bin_managed"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    json_t *e = call("POST", "/api/v1/warehouses", cases[i].body, 422);
    json_t *err = json_object_get(e, "error");
    assert_string_equal(json_string_value(json_object_get(err, "code")),
                        cases[i].code);
    assert_string_equal(json_string_value(json_object_get(err, "field")),
                        cases[i].field);
    json_decref(e);
  }
  json_decref(call("GET", "/api/v1/warehouses/X1", NULL, 404));
}

static void
list_searches_and_pages(void **state)
{
  json_t *l = call("GET", "/api/v1/warehouses", NULL, 200);
  assert_int_equal(json_integer_value(json_object_get(l, "total")), 3);
  json_t *items = json_object_get(l, "items");
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(items, 0), "code")),
      "CS3");
  json_decref(l);
  l = call("GET", "/api/v1/warehouses?q=%E9%86%B4%E9%99%B5", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(l, "items")), 1);
  json_decref(l);
  l = call("GET", "/api/v1/warehouses?limit=1&offset=1", NULL, 200);
  items = json_object_get(l, "items");
  assert_int_equal(json_array_size(items), 1);
  assert_int_equal(json_integer_value(json_object_get(l, "total")), 3);
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(items, 0), "code")),
      "LL1");
  json_decref(l);
  l = call("GET", "/api/v1/warehouses?q=%25", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(l, "items")), 0);
  json_decref(l);
}

static void
unknown_warehouse_is_404(void **state)
{
  json_t *e = call("GET", "/api/v1/warehouses/NOPE", NULL, 404);
  assert_string_equal(
      json_string_value(json_object_get(json_object_get(e, "error"), "code")),
      "not_found");
  json_decref(e);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(create_then_read_back),
      cmocka_unit_test(lite_and_third_party_warehouses),
      cmocka_unit_test(duplicate_code_is_409_and_writes_nothing),
      cmocka_unit_test(bad_values_are_422_with_field),
      cmocka_unit_test(list_searches_and_pages),
      cmocka_unit_test(unknown_warehouse_is_404),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
