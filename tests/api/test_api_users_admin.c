/*
 * An admin changes accounts: role and warehouses (which apply to the
 * user's next request), disable (ends the sessions: the old token gets
 * 401), password and PIN resets (given or generated, shown once), the
 * self-lockout guard, and the audit trail of each change.
 */
#include "api_harness.h"

#include <curl/curl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api_steps.h"

static struct api_server srv;

#define call(m, p, b, st) api_step(&srv, m, p, b, st)
#define ok(m, p, b, st) api_step_ok(&srv, m, p, b, st)
#define expect_code(m, p, b, st, c) api_step_code(&srv, m, p, b, st, c)

static int
setup(void **state)
{
  (void)state;
  if (!api_server_start(&srv, "api_users_admin", false, NULL))
    return -1;
  ok("POST", "/api/v1/warehouses", "{\"code\":\"W1\",\"name\":\"w\"}", 201);
  ok("POST", "/api/v1/warehouses", "{\"code\":\"W2\",\"name\":\"w\"}", 201);
  ok("POST", "/api/v1/users",
     "{\"username\":\"kim\",\"role\":\"viewer\",\"password\":\"kims first "
     "password\",\"badge\":\"B-KIM\",\"pin\":\"4711\"}",
     201);
  ok("POST", "/api/v1/users",
     "{\"username\":\"lee\",\"role\":\"viewer\",\"password\":\"lees first "
     "password\"}",
     201);
  return 0;
}

static int
teardown(void **state)
{
  (void)state;
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

/* Status of @a method @a path as the holder of @a token. */
static long
status_as(const char *token, const char *method, const char *path,
          const char *body)
{
  struct api_server as = srv;
  snprintf(as.token, sizeof as.token, "%s", token);
  struct api_reply r;
  assert_true(api_json(&as, method, path, body, &r));
  long st = r.status;
  api_reply_clear(&r);
  return st;
}

static void
role_and_warehouses_change_and_disable_ends_sessions(void **state)
{
  (void)state;
  char tok[80];
  assert_int_equal(api_login(&srv, "kim", "kims first password", tok, NULL),
                   200);
  assert_int_equal(status_as(tok, "POST", "/api/v1/stores",
                             "{\"code\":\"S1\",\"name\":\"s\",\"channel\":"
                             "\"api\",\"warehouse\":\"W1\"}"),
                   403);
  json_t *u = call("PATCH", "/api/v1/users/kim",
                   "{\"role\":\"back_office\",\"warehouses\":[\"W1\"]}", 200);
  assert_string_equal(json_string_value(json_object_get(u, "role")),
                      "back_office");
  assert_string_equal(
      json_string_value(json_array_get(json_object_get(u, "warehouses"), 0)),
      "W1");
  assert_int_equal(json_integer_value(json_object_get(u, "sessions_ended")), 0);
  json_decref(u);
  /* The new role and limit apply to the session at once. */
  assert_int_equal(status_as(tok, "GET", "/api/v1/orders?warehouse=W2", NULL),
                   403);
  assert_int_equal(status_as(tok, "GET", "/api/v1/orders?warehouse=W1", NULL),
                   200);
  /* Back to all warehouses with []. */
  u = call("PATCH", "/api/v1/users/kim", "{\"warehouses\":[]}", 200);
  assert_int_equal(json_array_size(json_object_get(u, "warehouses")), 0);
  json_decref(u);
  expect_code("PATCH", "/api/v1/users/kim", "{\"warehouses\":[\"NOPE\"]}", 422,
              "invalid_value");
  expect_code("PATCH", "/api/v1/users/kim", "{\"role\":\"king\"}", 422,
              "invalid_value");
  expect_code("PATCH", "/api/v1/users/nobody", "{\"active\":false}", 404,
              "not_found");
  u = call("PATCH", "/api/v1/users/kim", "{\"active\":false}", 200);
  assert_false(json_is_true(json_object_get(u, "active")));
  assert_int_equal(json_integer_value(json_object_get(u, "sessions_ended")), 1);
  json_decref(u);
  assert_int_equal(status_as(tok, "GET", "/api/v1/orders", NULL), 401);
  assert_int_equal(api_login(&srv, "kim", "kims first password", tok, NULL),
                   401);
  u = call("PATCH", "/api/v1/users/kim", "{\"active\":true}", 200);
  json_decref(u);
  assert_int_equal(api_login(&srv, "kim", "kims first password", tok, NULL),
                   200);
  /* Only admins. */
  assert_int_equal(
      status_as(tok, "PATCH", "/api/v1/users/lee", "{\"active\":false}"), 403);
}

static void
an_admin_cannot_lock_themselves_out(void **state)
{
  (void)state;
  expect_code("PATCH", "/api/v1/users/admin", "{\"active\":false}", 409,
              "user_self_lockout");
  expect_code("PATCH", "/api/v1/users/admin", "{\"role\":\"viewer\"}", 409,
              "user_self_lockout");
  ok("PATCH", "/api/v1/users/admin", "{\"role\":\"admin\"}", 200);
}

static void
passwords_and_pins_are_reset(void **state)
{
  (void)state;
  char tok[80];
  assert_int_equal(api_login(&srv, "lee", "lees first password", tok, NULL),
                   200);
  /* Generated, returned once; the old password and session are gone. */
  json_t *r = call("POST", "/api/v1/users/lee/password", NULL, 200);
  const char *pw = json_string_value(json_object_get(r, "generated"));
  assert_non_null(pw);
  assert_int_equal(strlen(pw), 14);
  assert_int_equal(json_integer_value(json_object_get(r, "sessions_ended")), 1);
  assert_int_equal(status_as(tok, "GET", "/api/v1/orders", NULL), 401);
  assert_int_equal(api_login(&srv, "lee", "lees first password", tok, NULL),
                   401);
  assert_int_equal(api_login(&srv, "lee", pw, tok, NULL), 200);
  json_decref(r);
  /* Given. */
  r = call("POST", "/api/v1/users/lee/password",
           "{\"password\":\"lees second password\"}", 200);
  assert_null(json_object_get(r, "generated"));
  json_decref(r);
  assert_int_equal(api_login(&srv, "lee", "lees second password", tok, NULL),
                   200);
  expect_code("POST", "/api/v1/users/lee/password", "{\"password\":\"short\"}",
              422, "weak_password");
  /* A PIN needs a badge. */
  expect_code("POST", "/api/v1/users/lee/password", "{\"kind\":\"pin\"}", 409,
              "user_has_no_badge");
  expect_code("POST", "/api/v1/users/kim/password", "{\"pin\":\"12a4\"}", 422,
              "invalid_value");
  r = call("POST", "/api/v1/users/kim/password", "{\"kind\":\"pin\"}", 200);
  const char *pin = json_string_value(json_object_get(r, "generated"));
  assert_non_null(pin);
  assert_int_equal(strlen(pin), 6);
  char body[80];
  snprintf(body, sizeof body, "{\"badge\":\"B-KIM\",\"pin\":\"%s\"}", pin);
  json_decref(r);
  struct api_server anon = srv;
  anon.token[0] = '\0';
  struct api_reply rep;
  assert_true(api_json(&anon, "POST", "/api/v1/auth/badge",
                       "{\"badge\":\"B-KIM\",\"pin\":\"4711\"}", &rep));
  assert_int_equal(rep.status, 401);
  api_reply_clear(&rep);
  assert_true(api_json(&anon, "POST", "/api/v1/auth/badge", body, &rep));
  assert_int_equal(rep.status, 200);
  api_reply_clear(&rep);
  expect_code("POST", "/api/v1/users/nobody/password", NULL, 404, "not_found");
  /* Each change is in the audit log under the admin's name. */
  json_t *a = call("GET",
                   "/api/v1/audit?principal=admin&route=/api/v1/users/"
                   "%7Bname%7D/password&outcome=ok",
                   NULL, 200);
  assert_int_equal(json_array_size(json_object_get(a, "items")), 3);
  json_decref(a);
}

/* GS1 prefix and weight tolerances: read by leads, changed by admins. */
static void
shipping_settings_change(void **state)
{
  (void)state;
  json_t *g = call("GET", "/api/v1/settings/shipping", NULL, 200);
  assert_string_equal(json_string_value(json_object_get(
                          json_object_get(g, "gs1"), "company_prefix")),
                      "0614141");
  json_decref(g);
  g = call("PATCH", "/api/v1/settings/shipping",
           "{\"company_prefix\":\"6901234\",\"extension\":\"3\","
           "\"warehouses\":[{\"code\":\"w1\",\"weight_tolerance_pct\":"
           "\"2.5\",\"weight_tolerance_g\":30}]}",
           200);
  json_t *gs1 = json_object_get(g, "gs1");
  assert_string_equal(json_string_value(json_object_get(gs1, "company_prefix")),
                      "6901234");
  assert_string_equal(json_string_value(json_object_get(gs1, "extension")),
                      "3");
  json_t *w1 = json_array_get(json_object_get(g, "warehouses"), 0);
  assert_string_equal(json_string_value(json_object_get(w1, "code")), "W1");
  assert_string_equal(
      json_string_value(json_object_get(w1, "weight_tolerance_pct")), "2.50");
  assert_int_equal(
      json_integer_value(json_object_get(w1, "weight_tolerance_g")), 30);
  json_decref(g);
  expect_code("PATCH", "/api/v1/settings/shipping",
              "{\"company_prefix\":\"12ab567\"}", 422, "invalid_value");
  expect_code("PATCH", "/api/v1/settings/shipping",
              "{\"warehouses\":[{\"code\":\"W1\",\"weight_tolerance_pct\":"
              "\"120\"}]}",
              422, "invalid_value");
  expect_code("PATCH", "/api/v1/settings/shipping",
              "{\"warehouses\":[{\"code\":\"NOPE\"}]}", 422,
              "unknown_warehouse");
  char tok[80];
  assert_int_equal(api_login(&srv, "lee", "lees second password", tok, NULL),
                   200);
  assert_int_equal(status_as(tok, "PATCH", "/api/v1/settings/shipping",
                             "{\"extension\":\"1\"}"),
                   403);
}

int
main(void)
{
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(role_and_warehouses_change_and_disable_ends_sessions),
      cmocka_unit_test(an_admin_cannot_lock_themselves_out),
      cmocka_unit_test(passwords_and_pins_are_reset),
      cmocka_unit_test(shipping_settings_change),
  };
  int rc = cmocka_run_group_tests(tests, setup, teardown);
  curl_global_cleanup();
  return rc;
}
