/*
 * The web UI served by the binary: pages and files with their content
 * types, strong ETags and 304s, the UI's Content-Security-Policy, 404 for
 * a file the build does not hold, the role redirect of "/", and the
 * dashboard whose counts are what the order list shows.
 */
#include "api_harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "api_steps.h"

static struct api_server srv;

static int
setup(void **state)
{
  return api_server_start(&srv, "api_ui", false, NULL) ? 0 : -1;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

/* The value of header @a name in @a r (copied into @a out), or "". */
static const char *
header(const struct api_reply *r, const char *name, char *out, size_t len)
{
  out[0] = '\0';
  size_t n = strlen(name);
  for (const char *p = r->headers; *p != '\0';
       p += strcspn(p, "\n"), p += *p == '\n' ? 1 : 0) {
    if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
      const char *v = p + n + 1;
      v += strspn(v, " ");
      snprintf(out, len, "%.*s", (int)strcspn(v, "\r\n"), v);
      break;
    }
  }
  return out;
}

static void
get(const struct api_server *s, const char *path, const char *const *headers,
    struct api_reply *r)
{
  assert_true(api_call(s, "GET", path, NULL, 0, NULL, headers, r));
}

static void
pages_and_files_have_their_types(void **state)
{
  static const struct {
    const char *path, *type;
  } cases[] = {
      {"/login", "text/html; charset=utf-8"},
      {"/floor/", "text/html; charset=utf-8"},
      {"/floor/pick/12", "text/html; charset=utf-8"},
      {"/app/", "text/html; charset=utf-8"},
      {"/ui/floor/floor.js", "text/javascript; charset=utf-8"},
      {"/ui/floor/floor.css", "text/css; charset=utf-8"},
      {"/ui/i18n/zh-CN.json", "application/json; charset=utf-8"},
  };
  struct api_server anon = srv;
  anon.token[0] = '\0';
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct api_reply r;
    char v[400];
    get(&anon, cases[i].path, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.content_type, cases[i].type);
    assert_true(r.body_len > 0);
    assert_int_equal(header(&r, "ETag", v, sizeof v)[0], '"');
    assert_string_equal(header(&r, "Cache-Control", v, sizeof v), "no-cache");
    header(&r, "Content-Security-Policy", v, sizeof v);
    assert_non_null(strstr(v, "script-src 'self';"));
    assert_null(strstr(v, "unsafe-inline"));
    assert_null(strstr(v, "http"));
    api_reply_clear(&r);
  }
}

static void
etag_gives_304_and_a_new_one_200(void **state)
{
  struct api_reply r;
  char etag[80], inm[120], v[80];
  get(&srv, "/ui/lib/api.js", NULL, &r);
  assert_int_equal(r.status, 200);
  header(&r, "ETag", etag, sizeof etag);
  api_reply_clear(&r);
  assert_int_equal(strlen(etag), 34); /* quoted 128-bit hex */
  snprintf(inm, sizeof inm, "If-None-Match: W/\"x\", %s", etag);
  const char *h[] = {inm, NULL};
  get(&srv, "/ui/lib/api.js", h, &r);
  assert_int_equal(r.status, 304);
  assert_int_equal(r.body_len, 0);
  assert_string_equal(header(&r, "ETag", v, sizeof v), etag);
  api_reply_clear(&r);
  const char *other[] = {"If-None-Match: \"0000\"", NULL};
  get(&srv, "/ui/lib/api.js", other, &r);
  assert_int_equal(r.status, 200);
  api_reply_clear(&r);
}

static void
unknown_file_is_404(void **state)
{
  const char *paths[] = {"/ui/nope.js", "/ui/", "/ui/lib", "/ui/../web_ui.c",
                         "/floorx"};
  for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
    struct api_reply r;
    get(&srv, paths[i], NULL, &r);
    assert_int_equal(r.status, 404);
    api_reply_clear(&r);
  }
}

/* "/" sends a visitor to the login page, a picker to the floor. */
static void
root_redirects_by_role(void **state)
{
  struct api_server s = srv;
  struct api_reply r;
  char v[80];
  s.token[0] = '\0';
  get(&s, "/", NULL, &r);
  assert_int_equal(r.status, 302);
  assert_string_equal(header(&r, "Location", v, sizeof v), "/login");
  api_reply_clear(&r);
  get(&srv, "/", NULL, &r);
  assert_string_equal(header(&r, "Location", v, sizeof v), "/app/");
  api_reply_clear(&r);
  assert_true(
      api_add_user(&srv, "ui_picker", "picker", NULL, "ui picker password"));
  assert_int_equal(
      api_login(&srv, "ui_picker", "ui picker password", s.token, NULL), 200);
  get(&s, "/", NULL, &r);
  assert_int_equal(r.status, 302);
  assert_string_equal(header(&r, "Location", v, sizeof v), "/floor/");
  api_reply_clear(&r);
}

static int64_t
state_count(const json_t *dash, const char *state)
{
  return json_integer_value(
      json_object_get(json_object_get(dash, "orders_by_state"), state));
}

static void
order(const char *id, const char *sku)
{
  char body[600];
  snprintf(body, sizeof body,
           "{\"store\":\"S1\",\"external_id\":\"%s\",\"currency\":\"CNY\","
           "\"customer\":{\"name\":\"李四\",\"phone\":\"13800000001\"},"
           "\"ship_to\":{\"name\":\"李四\",\"line1\":\"天元区 1 号\","
           "\"city\":\"株洲市\",\"postcode\":\"412007\",\"country_code\":"
           "\"CN\"},\"lines\":[{\"sku\":\"%s\",\"qty\":1,\"unit_price\":"
           "\"9.90\"}]}",
           id, sku);
  api_step_ok(&srv, "POST", "/api/v1/orders", body, 201);
}

/* Each count of the dashboard is the length of the list it opens. */
static void
dashboard_counts_match_the_order_list(void **state)
{
  api_step_ok(&srv, "POST", "/api/v1/warehouses",
              "{\"code\":\"D1\",\"name\":\"d\",\"bin_managed\":false}", 201);
  api_step_ok(&srv, "POST", "/api/v1/products",
              "{\"sku\":\"DS-1\",\"name\":\"cup\"}", 201);
  api_step_ok(&srv, "POST", "/api/v1/stock/adjustments",
              "{\"warehouse\":\"D1\",\"sku\":\"DS-1\",\"qty_delta\":5}", 201);
  api_step_ok(&srv, "POST", "/api/v1/stores",
              "{\"code\":\"S1\",\"name\":\"shop\",\"channel\":\"api\","
              "\"warehouse\":\"D1\",\"currency\":\"CNY\"}",
              201);
  json_t *d = api_step(&srv, "GET", "/api/v1/dashboard", NULL, 200);
  assert_int_equal(state_count(d, "allocated"), 0);
  assert_int_equal(json_object_size(json_object_get(d, "orders_by_state")), 10);
  json_decref(d);
  order("D-1", "DS-1");
  order("D-2", "DS-1");
  order("D-3", "NO-SUCH-SKU");
  d = api_step(&srv, "GET", "/api/v1/dashboard?warehouse=D1", NULL, 200);
  assert_int_equal(state_count(d, "allocated"), 2);
  assert_int_equal(json_integer_value(json_object_get(d, "orders_today")),
                   json_integer_value(json_object_get(d, "orders_total")));
  json_decref(d);
  d = api_step(&srv, "GET", "/api/v1/dashboard", NULL, 200);
  assert_int_equal(state_count(d, "allocated"), 2);
  assert_int_equal(state_count(d, "on_hold"), 1);
  json_t *l =
      api_step(&srv, "GET", "/api/v1/orders?state=allocated", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(l, "items")), 2);
  json_decref(l);
  json_decref(d);
  api_step_code(&srv, "GET", "/api/v1/dashboard?day=1", NULL, 400,
                "unknown_query_param");
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(pages_and_files_have_their_types),
      cmocka_unit_test(etag_gives_304_and_a_new_one_200),
      cmocka_unit_test(unknown_file_is_404),
      cmocka_unit_test(root_redirects_by_role),
      cmocka_unit_test(dashboard_counts_match_the_order_list),
  };
  return cmocka_run_group_tests_name("api_ui", tests, setup, teardown);
}
