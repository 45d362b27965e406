/*
 * Request rates (issue 23 item 7): an API key that loops is held to its
 * rate with 429 rate_limited and Retry-After, and its refused request
 * changes nothing, while signed-in users, other keys and health checks go
 * on; sign-ins from one address are held to the address's rate while
 * another address, and channel webhooks, are not counted.
 */
#include "api_harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static struct api_server srv;

/* Keys: 1 request a second, 10 at once; addresses: 1 a second, 5 at once. */
static const char *const env[] = {"DEPOT_RATE_KEY=1", "DEPOT_RATE_KEY_BURST=10",
                                  "DEPOT_RATE_ADDR=1",
                                  "DEPOT_RATE_ADDR_BURST=5", NULL};

static void
make_key(const char *name, char *key)
{
  const char *opts[] = {"--name",  name,           "--scope", "stock:read",
                        "--scope", "orders:write", NULL};
  assert_true(api_make_key(&srv, opts, key, 80));
}

/* Status of @a method @a path as @a token (a key or session; "" none). */
static long
call_as(const char *token, const char *method, const char *path,
        const char *body, struct api_reply *r)
{
  struct api_server as = srv;
  snprintf(as.token, sizeof as.token, "%s", token);
  assert_true(api_json(&as, method, path, body, r));
  return r->status;
}

static long
status_as(const char *token, const char *method, const char *path,
          const char *body)
{
  struct api_reply r = {0};
  long s = call_as(token, method, path, body, &r);
  api_reply_clear(&r);
  return s;
}

static int
setup(void **state)
{
  (void)state;
  if (!api_server_start(&srv, "api_rate_limit", false, env))
    return -1;
  json_t *j = api_expect(&srv, "POST", "/api/v1/warehouses",
                         "{\"code\":\"RL1\",\"name\":\"rates\"}", 201);
  json_decref(j);
  j = api_expect(&srv, "POST", "/api/v1/stores",
                 "{\"code\":\"RLAPI\",\"name\":\"rates\",\"channel\":\"api\","
                 "\"warehouse\":\"RL1\",\"currency\":\"CNY\"}",
                 201);
  json_decref(j);
  return 0;
}

static int
teardown(void **state)
{
  (void)state;
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

static long
orders_in_db(void)
{
  char out[64];
  assert_true(
      api_sql_text(&srv, "SELECT count(*) FROM sales_order", out, sizeof out));
  return strtol(out, NULL, 10);
}

static void
a_looping_key_is_held_to_its_rate_and_its_refused_write_changes_nothing(
    void **state)
{
  (void)state;
  char key[80], other[80];
  make_key("loop", key);
  make_key("other", other);
  /* The burst passes; the loop then meets 429 long before 100 calls (at
   * one request a second it would need 90 s to get through them all). */
  int passed = 0;
  struct api_reply r = {0};
  while (passed < 100 &&
         call_as(key, "GET", "/api/v1/warehouses", NULL, &r) == 200) {
    passed++;
    api_reply_clear(&r);
  }
  assert_true(passed >= 10);
  assert_true(passed < 100);
  assert_int_equal(r.status, 429);
  assert_string_equal(api_error_code(&r), "rate_limited");
  assert_string_equal(r.retry_after, "1");
  api_reply_clear(&r);
  /* A write refused for the rate takes no row. */
  long before = orders_in_db();
  const char *order =
      "{\"store\":\"RLAPI\",\"external_id\":\"RL-1\",\"currency\":\"CNY\","
      "\"customer\":{\"name\":\"王五\"},\"ship_to\":{\"name\":\"王五\","
      "\"line1\":\"一号\",\"city\":\"株洲市\",\"postcode\":\"412007\","
      "\"country_code\":\"CN\"},\"lines\":[{\"sku\":\"NONE\",\"qty\":1,"
      "\"unit_price\":1}]}";
  assert_int_equal(call_as(key, "POST", "/api/v1/orders", order, &r), 429);
  assert_string_equal(api_error_code(&r), "rate_limited");
  api_reply_clear(&r);
  assert_int_equal(orders_in_db(), before);
  /* The floor (a signed-in user), another key and health checks go on. */
  assert_int_equal(status_as(srv.token, "GET", "/api/v1/warehouses", NULL),
                   200);
  assert_int_equal(status_as(other, "GET", "/api/v1/warehouses", NULL), 200);
  assert_int_equal(status_as("", "GET", "/healthz", NULL), 200);
  /* After Retry-After the key is served again. */
  usleep(1200000);
  assert_int_equal(status_as(key, "GET", "/api/v1/warehouses", NULL), 200);
}

static void
sign_ins_are_held_per_address_and_webhooks_are_not_counted(void **state)
{
  (void)state;
  /* Unknown names, so the login throttle (5 failures a name) stays out. */
  char bad[128];
  int passed = 0;
  struct api_reply r = {0};
  while (passed < 40 &&
         (snprintf(bad, sizeof bad,
                   "{\"username\":\"nobody%d\",\"password\":\"x\"}", passed),
          call_as("", "POST", "/api/v1/auth/login", bad, &r)) != 429) {
    passed++;
    api_reply_clear(&r);
  }
  assert_true(passed >= 4); /* the burst, less the harness's own sign-in */
  assert_true(passed < 40);
  assert_string_equal(api_error_code(&r), "rate_limited");
  assert_non_null(r.retry_after);
  api_reply_clear(&r);
  /* Health checks, UI files and channel webhooks from the same address. */
  assert_int_equal(status_as("", "GET", "/healthz", NULL), 200);
  assert_int_equal(status_as("", "GET", "/login", NULL), 200);
  assert_int_equal(
      status_as("", "POST", "/api/v1/stores/RLAPI/webhooks/shopify", "{}"),
      401);
  /* A signed-in user from the same address is not held. */
  assert_int_equal(status_as(srv.token, "GET", "/api/v1/warehouses", NULL),
                   200);
  /* Another address signs in at once. */
  struct api_server other = srv;
  snprintf(other.source_addr, sizeof other.source_addr, "127.0.0.2");
  char token[80];
  assert_int_equal(
      api_login(&other, API_ADMIN_USER, API_ADMIN_PASSWORD, token, NULL), 200);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(
          a_looping_key_is_held_to_its_rate_and_its_refused_write_changes_nothing),
      cmocka_unit_test(
          sign_ins_are_held_per_address_and_webhooks_are_not_counted),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
