/*
 * The HTTP core's contract over real HTTP: every refusal has the one error
 * shape with a precise code and status, and a refused request writes
 * nothing.
 */
#include "api_harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static struct api_server srv;

static int
setup(void **state)
{
  return api_server_start(&srv, "api_errors", false, NULL) ? 0 : -1;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

/* Sends and checks status and error code (NULL: not an error reply). */
static void
expect(const char *method, const char *path, const char *body, long status,
       const char *code, const char *field)
{
  struct api_reply r;
  assert_true(api_json(&srv, method, path, body, &r));
  if (r.status != status || (code != NULL && strcmp(api_error_code(&r), code)))
    fprintf(stderr, "%s %s -> %ld %s\n", method, path, r.status, r.body);
  assert_int_equal(r.status, status);
  assert_string_equal(r.content_type, "application/json; charset=utf-8");
  assert_true(r.request_id[0] != '\0');
  if (code != NULL) {
    assert_string_equal(api_error_code(&r), code);
    assert_non_null(json_string_value(
        json_object_get(json_object_get(r.json, "error"), "message")));
  }
  if (field != NULL)
    assert_string_equal(api_error_field(&r), field);
  api_reply_clear(&r);
}

static void
health_and_readiness_answer_200(void **state)
{
  expect("GET", "/healthz", NULL, 200, NULL, NULL);
  expect("GET", "/readyz", NULL, 200, NULL, NULL);
  expect("GET", "/api/v1/version", NULL, 200, NULL, NULL);
}

static void
request_id_is_echoed_or_generated(void **state)
{
  struct api_reply r;
  const char *h[] = {"X-Request-Id: scan-42.terminal-7", NULL};
  assert_true(api_call(&srv, "GET", "/healthz", NULL, 0, NULL, h, &r));
  assert_string_equal(r.request_id, "scan-42.terminal-7");
  api_reply_clear(&r);
  const char *bad[] = {"X-Request-Id: has spaces in it", NULL};
  assert_true(api_call(&srv, "GET", "/healthz", NULL, 0, NULL, bad, &r));
  assert_int_equal(strlen(r.request_id), 24);
  api_reply_clear(&r);
}

static void
unknown_route_is_404(void **state)
{
  expect("GET", "/api/v1/nothing-here", NULL, 404, "route_not_found", NULL);
  /* "/" is the web UI's entry (a redirect, test_api_ui). */
  expect("GET", "/api", NULL, 404, "route_not_found", NULL);
  expect("GET", "/api//v1", NULL, 404, "route_not_found", NULL);
}

static void
wrong_method_is_405_with_allow(void **state)
{
  struct api_reply r;
  assert_true(api_json(&srv, "DELETE", "/api/v1/warehouses", NULL, &r));
  assert_int_equal(r.status, 405);
  assert_string_equal(api_error_code(&r), "method_not_allowed");
  assert_string_equal(r.allow, "GET, POST");
  api_reply_clear(&r);
}

/* Over the limit, with and without Expect: 100-continue. */
static void
oversize_body_is_413(void **state)
{
  size_t n = 2 * 1024 * 1024;
  char *big = malloc(n);
  memset(big, ' ', n);
  big[0] = '{';
  big[n - 1] = '}';
  const char *no_expect[] = {"Expect:", NULL};
  for (int i = 0; i < 2; i++) {
    struct api_reply r;
    assert_true(api_call(&srv, "POST", "/api/v1/warehouses", big, n, NULL,
                         i == 0 ? NULL : no_expect, &r));
    assert_int_equal(r.status, 413);
    assert_string_equal(api_error_code(&r), "payload_too_large");
    api_reply_clear(&r);
  }
  free(big);
}

static void
malformed_json_is_400_with_position(void **state)
{
  struct api_reply r;
  assert_true(api_json(&srv, "POST", "/api/v1/warehouses",
                       "{\"code\": \"A1\",\n \"name\": }", &r));
  assert_int_equal(r.status, 400);
  assert_string_equal(api_error_code(&r), "malformed_json");
  const char *msg = json_string_value(
      json_object_get(json_object_get(r.json, "error"), "message"));
  assert_non_null(strstr(msg, "line 2, column"));
  api_reply_clear(&r);
  expect("POST", "/api/v1/warehouses", "{\"code\":\"A\",\"code\":\"B\"}", 400,
         "malformed_json", NULL);
  expect("POST", "/api/v1/warehouses", "{\"name\": 1e999}", 400,
         "malformed_json", NULL);
  expect("POST", "/api/v1/warehouses",
         "{\"name\": 123456789012345678901234567890}", 400, "malformed_json",
         NULL);
  expect("POST", "/api/v1/warehouses", "{} trailing", 400, "malformed_json",
         NULL);
}

static void
invalid_utf8_is_400(void **state)
{
  expect("POST", "/api/v1/warehouses",
         "{\"code\":\"A1\",\"name\":\"\xc3\x28\"}", 400, "invalid_utf8", NULL);
}

static void
body_shape_errors(void **state)
{
  struct api_reply r;
  assert_true(api_call(&srv, "POST", "/api/v1/warehouses", "{}", 2,
                       "text/plain", NULL, &r));
  assert_int_equal(r.status, 415);
  assert_string_equal(api_error_code(&r), "unsupported_media_type");
  api_reply_clear(&r);
  expect("POST", "/api/v1/warehouses", NULL, 400, "body_required", NULL);
  expect("POST", "/api/v1/warehouses", "[1,2]", 400, "not_an_object", NULL);
}

static void
field_errors_name_the_field(void **state)
{
  expect("POST", "/api/v1/warehouses", "{\"name\":\"x\"}", 422, "missing_field",
         "code");
  expect("POST", "/api/v1/warehouses", "{\"code\":\"A1\",\"name\":7}", 422,
         "wrong_type", "name");
  expect("POST", "/api/v1/warehouses",
         "{\"code\":\"A1\",\"name\":\"x\",\"colour\":\"red\"}", 422,
         "unknown_field", "colour");
  expect("POST", "/api/v1/warehouses",
         "{\"code\":\"A1\",\"name\":\"x\",\"bin_managed\":9007199254740993}",
         422, "wrong_type", "bin_managed");
  expect("POST", "/api/v1/warehouses", "{\"code\":\"A 1\",\"name\":\"x\"}", 422,
         "invalid_value", "code");
  expect("POST", "/api/v1/warehouses", "{\"code\":\"A1\",\"name\":\"\"}", 422,
         "invalid_value", "name");
  expect("POST", "/api/v1/warehouses",
         "{\"code\":\"A1\",\"name\":\"x\",\"address\":{\"zip\":\"1\"}}", 422,
         "unknown_field", "address.zip");
  /* Jansson refuses \u0000 in strings: text never carries NUL. */
  expect("POST", "/api/v1/warehouses",
         "{\"code\":\"A1\",\"name\":\"x\\u0000y\"}", 400, "malformed_json",
         NULL);
}

static void
query_and_url_errors(void **state)
{
  expect("GET", "/api/v1/warehouses?color=red", NULL, 400,
         "unknown_query_param", NULL);
  expect("GET", "/api/v1/warehouses?limit=-1", NULL, 400, "bad_query_param",
         "limit");
  expect("GET", "/api/v1/warehouses?limit=abc", NULL, 400, "bad_query_param",
         "limit");
  expect("GET", "/api/v1/warehouses?offset=99999999999999999999", NULL, 400,
         "bad_query_param", "offset");
  expect("GET", "/healthz?x=1", NULL, 400, "unknown_query_param", NULL);
  char url[3100] = "/api/v1/";
  memset(url + 8, 'a', 3000);
  url[3008] = '\0';
  expect("GET", url, NULL, 414, "uri_too_long", NULL);
}

/* After every refusal above, nothing was written. */
static void
refused_requests_change_no_row(void **state)
{
  struct api_reply r;
  assert_true(api_json(&srv, "GET", "/api/v1/warehouses", NULL, &r));
  assert_int_equal(r.status, 200);
  assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 0);
  assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
  api_reply_clear(&r);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(health_and_readiness_answer_200),
      cmocka_unit_test(request_id_is_echoed_or_generated),
      cmocka_unit_test(unknown_route_is_404),
      cmocka_unit_test(wrong_method_is_405_with_allow),
      cmocka_unit_test(oversize_body_is_413),
      cmocka_unit_test(malformed_json_is_400_with_position),
      cmocka_unit_test(invalid_utf8_is_400),
      cmocka_unit_test(body_shape_errors),
      cmocka_unit_test(field_errors_name_the_field),
      cmocka_unit_test(query_and_url_errors),
      cmocka_unit_test(refused_requests_change_no_row),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
