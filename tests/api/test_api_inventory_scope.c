/*
 * Warehouse scope on inventory: a user limited to one warehouse reaches
 * only its data, whether the warehouse is in the path, in the body, left
 * out (then it is theirs), or implied by a resource id.
 */
#include "api_harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

static struct api_server admin, lead, picker;

static json_t *
as(const struct api_server *s, const char *method, const char *path,
   const char *body, long status)
{
  json_t *j = api_expect(s, method, path, body, status);
  assert_non_null(j);
  return j;
}

static void
ok(const struct api_server *s, const char *method, const char *path,
   const char *body, long status)
{
  json_decref(as(s, method, path, body, status));
}

static void
expect_code(const struct api_server *s, const char *method, const char *path,
            const char *body, long status, const char *code)
{
  json_t *j = as(s, method, path, body, status);
  assert_string_equal(api_json_error_code(j), code);
  json_decref(j);
}

/* A copy of the admin's server handle that speaks as @a user. */
static void
login_as(struct api_server *out, const char *user, const char *role,
         const char *warehouse)
{
  assert_true(api_add_user(&admin, user, role, warehouse, "correct horse 42"));
  *out = admin;
  assert_int_equal(
      api_login(&admin, user, "correct horse 42", out->token, NULL), 200);
}

static int
setup(void **state)
{
  if (!api_server_start(&admin, "inventory_scope", false, NULL))
    return -1;
  const char *wh[] = {"A1", "B1"};
  for (int i = 0; i < 2; i++) {
    char path[128], body[256];
    snprintf(body, sizeof body, "{\"code\":\"%s\",\"name\":\"%s\"}", wh[i],
             wh[i]);
    ok(&admin, "POST", "/api/v1/warehouses", body, 201);
    snprintf(path, sizeof path, "/api/v1/warehouses/%s/zones", wh[i]);
    ok(&admin, "POST", path, "{\"code\":\"P\",\"type\":\"pick\"}", 201);
    snprintf(path, sizeof path, "/api/v1/warehouses/%s/bins/generate", wh[i]);
    ok(&admin, "POST", path,
       "{\"zone\":\"P\",\"aisles\":\"X\",\"racks\":\"1-2\","
       "\"pattern\":\"{aisle}-{rack}\"}",
       201);
  }
  ok(&admin, "POST", "/api/v1/products", "{\"sku\":\"S1\",\"name\":\"s\"}",
     201);
  ok(&admin, "POST", "/api/v1/stock/adjustments",
     "{\"warehouse\":\"A1\",\"bin\":\"X-1\",\"sku\":\"S1\",\"qty_delta\":5}",
     201);
  ok(&admin, "POST", "/api/v1/stock/adjustments",
     "{\"warehouse\":\"B1\",\"bin\":\"X-1\",\"sku\":\"S1\",\"qty_delta\":7}",
     201);
  login_as(&lead, "lead_a", "warehouse_lead", "A1");
  login_as(&picker, "picker_a", "picker", "A1");
  return 0;
}

static int
teardown(void **state)
{
  return api_server_stop(&admin) == 0 ? 0 : -1;
}

static void
path_and_body_warehouses_are_checked(void **state)
{
  ok(&lead, "GET", "/api/v1/warehouses/A1/bins", NULL, 200);
  expect_code(&lead, "GET", "/api/v1/warehouses/B1/bins", NULL, 403,
              "warehouse_forbidden");
  expect_code(&lead, "POST", "/api/v1/warehouses/B1/zones",
              "{\"code\":\"Q\",\"type\":\"quarantine\"}", 403,
              "warehouse_forbidden");
  expect_code(&lead, "POST", "/api/v1/stock/adjustments",
              "{\"warehouse\":\"B1\",\"bin\":\"X-1\",\"sku\":\"S1\","
              "\"qty_delta\":1}",
              403, "warehouse_forbidden");
  ok(&lead, "POST", "/api/v1/stock/adjustments",
     "{\"warehouse\":\"A1\",\"bin\":\"X-1\",\"sku\":\"S1\",\"qty_delta\":1}",
     201);
  /* Pickers move stock but do not adjust it. */
  expect_code(&picker, "POST", "/api/v1/stock/adjustments",
              "{\"warehouse\":\"A1\",\"bin\":\"X-1\",\"sku\":\"S1\","
              "\"qty_delta\":1}",
              403, "forbidden");
}

static void
an_omitted_warehouse_is_the_users_own(void **state)
{
  /* X-1 exists in both warehouses: without scope this is ambiguous. */
  json_t *m = as(&picker, "POST", "/api/v1/stock/moves",
                 "{\"sku\":\"S1\",\"from_bin\":\"X-1\",\"to_bin\":\"X-2\","
                 "\"qty\":2}",
                 201);
  assert_string_equal(json_string_value(json_object_get(m, "warehouse")), "A1");
  json_decref(m);
  json_t *s = as(&picker, "GET", "/api/v1/stock", NULL, 200);
  json_t *items = json_object_get(s, "items");
  assert_int_equal(json_array_size(items), 1);
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(items, 0), "warehouse")),
      "A1");
  json_decref(s);
  expect_code(&picker, "GET", "/api/v1/stock?warehouse=B1", NULL, 403,
              "warehouse_forbidden");
}

static void
resources_by_id_belong_to_their_warehouse(void **state)
{
  json_t *r = as(&admin, "POST", "/api/v1/stock/reservations",
                 "{\"warehouse\":\"B1\",\"sku\":\"S1\",\"qty\":1,"
                 "\"reference\":\"B-ORDER\"}",
                 201);
  char path[96];
  snprintf(path, sizeof path, "/api/v1/stock/reservations/%lld",
           (long long)json_integer_value(json_object_get(r, "id")));
  json_decref(r);
  ok(&admin, "GET", path, NULL, 200);
  expect_code(&lead, "GET", path, NULL, 403, "warehouse_forbidden");
  json_t *c = as(&admin, "POST", "/api/v1/warehouses/B1/counts",
                 "{\"zone\":\"P\"}", 201);
  snprintf(path, sizeof path, "/api/v1/counts/%lld/tasks",
           (long long)json_integer_value(json_object_get(c, "id")));
  json_decref(c);
  expect_code(&picker, "GET", path, NULL, 403, "warehouse_forbidden");
  ok(&admin, "GET", path, NULL, 200);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(path_and_body_warehouses_are_checked),
      cmocka_unit_test(an_omitted_warehouse_is_the_users_own),
      cmocka_unit_test(resources_by_id_belong_to_their_warehouse),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
