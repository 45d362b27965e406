/*
 * Personal data at rest (issue 20, item 4). Encryption is real: the raw
 * customer, order and store rows hold no phone, email, address line or
 * webhook secret, yet the API gives them back to an admin, and the blind
 * index finds the customer by phone (with or without +86) and by email
 * (any case); name search still works. Every GET route, walked as in
 * test_api_route_roles, answers a picker and a viewer with no unmasked
 * phone, email or address line. A redelivery still replays (the content
 * hash does not see the random nonces). `depot key rotate` seals rows
 * written plain by SQL and re-encrypts the rest under a new key version,
 * which the running server then reads. A command whose key file is gone
 * refuses to make a new one next to sealed data.
 */
#include "api_harness.h"
#include "web_routes.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "api_steps.h"

static struct api_server srv;
static char key_env[700];
static char picker[80], viewer[80];
static int64_t order_id, customer_id;

#define call(m, p, b, st) api_step(&srv, m, p, b, st)
#define ok(m, p, b, st) api_step_ok(&srv, m, p, b, st)

/* What must never show unmasked to a picker or viewer, nor sit in a row. */
static const char *const secrets[] = {"13912345678", "xiao.ming@", "Xiao.Ming@",
                                      "泰山路",      "3 栋 201",   NULL};

static const char order_body[] =
    "{\"store\":\"PII1\",\"external_id\":\"P-1\",\"currency\":\"CNY\","
    "\"customer\":{\"name\":\"王小明\",\"email\":\"Xiao.Ming@Example.com\","
    "\"phone\":\"+86 139-1234-5678\"},"
    "\"ship_to\":{\"name\":\"王小明\",\"line1\":\"天元区泰山路 88 号\","
    "\"line2\":\"3 栋 201\",\"city\":\"株洲市\",\"region\":\"湖南\","
    "\"postcode\":\"412007\",\"country_code\":\"CN\","
    "\"phone\":\"13912345678\"},"
    "\"lines\":[{\"sku\":\"PII-SKU\",\"qty\":1,\"unit_price\":\"10.00\"}]}";

static int
setup(void **state)
{
  snprintf(key_env, sizeof key_env, "DEPOT_KEY_FILE=%s/pii-test.key",
           getenv("DEPOT_TEST_TMP") ? getenv("DEPOT_TEST_TMP") : "/tmp");
  unlink(key_env + strlen("DEPOT_KEY_FILE="));
  const char *env[] = {key_env, NULL};
  if (!api_server_start(&srv, "api_pii", false, env))
    return -1;
  ok("POST", "/api/v1/warehouses", "{\"code\":\"PW1\",\"name\":\"w\"}", 201);
  ok("POST", "/api/v1/stores",
     "{\"code\":\"PII1\",\"name\":\"pii\",\"channel\":\"api\","
     "\"warehouse\":\"PW1\",\"webhook_secret\":\"hook-secret-4711\"}",
     201);
  ok("POST", "/api/v1/products", "{\"sku\":\"PII-SKU\",\"name\":\"x\"}", 201);
  bool users =
      api_add_user(&srv, "pii_picker", "picker", NULL, "pii password") &&
      api_add_user(&srv, "pii_viewer", "viewer", NULL, "pii password");
  return users &&
                 api_login(&srv, "pii_picker", "pii password", picker, NULL) ==
                     200 &&
                 api_login(&srv, "pii_viewer", "pii password", viewer, NULL) ==
                     200
             ? 0
             : -1;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

/* The text of one SQL answer on the server's database. */
static const char *
sql(const char *q)
{
  static char out[4096];
  assert_true(api_sql_text(&srv, q, out, sizeof out));
  return out;
}

/* Rows of table/view text @a rows_sql that hold any secret: must be "0". */
static void
assert_no_plain(const char *rows_sql)
{
  for (const char *const *s = secrets; *s != NULL; s++) {
    char q[600];
    snprintf(q, sizeof q,
             "SELECT count(*)::text FROM (%s) r WHERE r.t LIKE "
             "'%%%s%%'",
             rows_sql, *s);
    if (strcmp(sql(q), "0") != 0)
      fail_msg("plain \"%s\" found in %s", *s, rows_sql);
  }
}

static int64_t
items_of(const char *path)
{
  json_t *j = call("GET", path, NULL, 200);
  int64_t n = (int64_t)json_array_size(json_object_get(j, "items"));
  json_decref(j);
  return n;
}

static void
sealed_at_rest_and_found_by_blind_index(void **state)
{
  json_t *o = call("POST", "/api/v1/orders", order_body, 201);
  order_id = json_integer_value(json_object_get(o, "id"));
  json_t *c = json_object_get(o, "customer");
  customer_id = json_integer_value(json_object_get(c, "id"));
  /* The admin reads it all back. */
  assert_string_equal(json_string_value(json_object_get(c, "email")),
                      "Xiao.Ming@Example.com");
  json_t *to = json_object_get(o, "ship_to");
  assert_string_equal(json_string_value(json_object_get(to, "line1")),
                      "天元区泰山路 88 号");
  assert_string_equal(json_string_value(json_object_get(to, "phone")),
                      "13912345678");
  assert_null(json_object_get(to, "$pii"));
  assert_null(json_object_get(to, "_enc"));
  json_decref(o);

  /* The raw rows hold none of it. */
  assert_no_plain("SELECT c::text AS t FROM customer c");
  assert_no_plain("SELECT o::text AS t FROM sales_order o");
  assert_string_equal(sql("SELECT count(*)::text FROM store s WHERE s::text"
                          " LIKE '%hook-secret-4711%'"),
                      "0");
  assert_string_equal(sql("SELECT (email = '' AND phone = '' AND pii IS NOT"
                          " NULL AND email_bidx IS NOT NULL)::text FROM"
                          " customer"),
                      "true");

  /* The blind index: the phone in any spelling, the email in any case. */
  assert_int_equal(items_of("/api/v1/customers?q=13912345678"), 1);
  assert_int_equal(items_of("/api/v1/customers?q=%2B8613912345678"), 1);
  assert_int_equal(items_of("/api/v1/customers?q=008613912345678"), 1);
  assert_int_equal(items_of("/api/v1/customers?q=XIAO.MING%40example.com"), 1);
  assert_int_equal(items_of("/api/v1/customers?q=%E5%B0%8F%E6%98%8E"), 1);
  assert_int_equal(items_of("/api/v1/customers?q=1391234"), 0);
  assert_int_equal(items_of("/api/v1/orders?q=139-1234-5678"), 1);

  /* The same order again is a replay, not a conflict; the same buyer
     under another spelling of the email is the same customer. */
  json_decref(call("POST", "/api/v1/orders", order_body, 200));
  char body[sizeof order_body + 16];
  snprintf(body, sizeof body, "%s", order_body);
  memcpy(strstr(body, "P-1"), "P-2", 3);
  memcpy(strstr(body, "Xiao.Ming"), "xiao.ming", 9);
  o = call("POST", "/api/v1/orders", body, 201);
  assert_int_equal(
      json_integer_value(json_object_get(json_object_get(o, "customer"), "id")),
      customer_id);
  json_decref(o);
}

/* Path of @a pattern with {x} filled by @a id (numbers) or codes. */
static void
concrete(const char *pattern, int64_t id, char *out, size_t len)
{
  size_t used = 0;
  for (const char *p = pattern; *p != '\0' && used + 24 < len;) {
    if (*p != '{') {
      out[used++] = *p++;
      continue;
    }
    const char *end = strchr(p, '}');
    size_t n = end != NULL ? (size_t)(end - p) : 0;
    if (strncmp(p, "{id}", n + 1) == 0)
      used += (size_t)snprintf(out + used, len - used, "%lld", (long long)id);
    else if (strncmp(p, "{store}", n + 1) == 0)
      used += (size_t)snprintf(out + used, len - used, "PII1");
    else if (strncmp(p, "{sku}", n + 1) == 0)
      used += (size_t)snprintf(out + used, len - used, "PII-SKU");
    else
      used += (size_t)snprintf(out + used, len - used, "PW1");
    p = end != NULL ? end + 1 : p + strlen(p);
  }
  out[used] = '\0';
}

/* Calls GET @a path as @a token; counts bodies with a secret in @a plain
   and with a masked phone in @a masked. */
static void
visit(const char *token, const char *path, int *plain, int *masked,
      bool must_mask)
{
  struct api_server s = srv;
  snprintf(s.token, sizeof s.token, "%s", token);
  struct api_reply r;
  assert_true(api_json(&s, "GET", path, NULL, &r));
  const char *b = r.body != NULL ? r.body : "";
  for (const char *const *x = secrets; *x != NULL; x++) {
    if (strstr(b, *x) != NULL) {
      (*plain)++;
      if (must_mask)
        fail_msg("GET %s shows \"%s\" unmasked: %.300s", path, *x, b);
    }
  }
  if (strstr(b, "139****5678") != NULL)
    (*masked)++;
  assert_null(strstr(b, "\"$pii\""));
  api_reply_clear(&r);
}

static void
every_get_route_masks_for_picker_and_viewer(void **state)
{
  int plain_admin = 0, plain = 0, masked = 0, masked_admin = 0, routes = 0;
  for (const struct web_route *r = web_routes; r->method != NULL; r++) {
    /* Event streams never end; pages and assets hold no data. */
    if (strcmp(r->method, "GET") != 0 || strstr(r->pattern, "{*}") != NULL ||
        strstr(r->pattern, "/events") != NULL)
      continue;
    int64_t ids[] = {order_id, customer_id};
    for (int i = 0; i < 2; i++) {
      char path[300];
      concrete(r->pattern, ids[i], path, sizeof path);
      visit(picker, path, &plain, &masked, true);
      visit(viewer, path, &plain, &masked, true);
      visit(srv.token, path, &plain_admin, &masked_admin, false);
      routes++;
      if (strstr(r->pattern, "{id}") == NULL)
        break;
    }
  }
  printf("walked %d GET paths\n", routes);
  /* The walk saw the data: the admin got it in full, the viewer masked. */
  assert_true(plain_admin >= 3);
  assert_true(masked >= 3);
  assert_int_equal(masked_admin, 0);
  /* A viewer's order: phone and email masked, address reduced to city. */
  struct api_server s = srv;
  snprintf(s.token, sizeof s.token, "%s", viewer);
  char path[64];
  snprintf(path, sizeof path, "/api/v1/orders/%lld", (long long)order_id);
  json_t *o = api_expect(&s, "GET", path, NULL, 200);
  json_t *c = json_object_get(o, "customer"),
         *to = json_object_get(o, "ship_to");
  assert_string_equal(json_string_value(json_object_get(c, "email")),
                      "X***@Example.com");
  assert_string_equal(json_string_value(json_object_get(to, "phone")),
                      "139****5678");
  assert_string_equal(json_string_value(json_object_get(to, "line1")), "");
  assert_string_equal(json_string_value(json_object_get(to, "city")), "株洲市");
  assert_true(json_is_true(json_object_get(to, "masked")));
  json_decref(o);
}

static void
key_rotate_seals_plain_rows_and_reencrypts(void **state)
{
  /* Rows written plain by SQL (as a seeding script or an old version). */
  sql("INSERT INTO customer (name, email, phone) VALUES ('Legacy',"
      " 'legacy@example.org', '13800001111') RETURNING id::text");
  assert_string_equal(sql("SELECT count(*)::text FROM customer WHERE pii_kv"
                          " IS NULL"),
                      "1");
  char env_db[600], out[1 << 14];
  snprintf(env_db, sizeof env_db, "DEPOT_DATABASE_URL=%s", srv.database_url);
  const char *env[] = {env_db, key_env, "DEPOT_LOG_LEVEL=warn", NULL};
  const char *args[] = {"key", "rotate", NULL};
  int rc = api_run_depot(args, env, out, sizeof out);
  if (rc != 0)
    fprintf(stderr, "%s\n", out);
  assert_int_equal(rc, 0);
  assert_non_null(strstr(out, "key version 2"));
  assert_non_null(strstr(out, "rows sealed"));
  assert_string_equal(sql("SELECT count(*)::text FROM customer WHERE pii_kv"
                          " IS DISTINCT FROM 2"),
                      "0");
  assert_string_equal(sql("SELECT count(*)::text FROM sales_order WHERE pii_kv"
                          " IS DISTINCT FROM 2"),
                      "0");
  assert_string_equal(sql("SELECT count(*)::text FROM customer c WHERE c::text"
                          " LIKE '%legacy@%' OR c::text LIKE '%13800001111%'"),
                      "0");
  /* The running server opens version 2 (it re-reads the key file). */
  json_t *l = call("GET", "/api/v1/customers?q=13800001111", NULL, 200);
  json_t *it = json_array_get(json_object_get(l, "items"), 0);
  assert_string_equal(json_string_value(json_object_get(it, "email")),
                      "legacy@example.org");
  json_decref(l);
  char path[64];
  snprintf(path, sizeof path, "/api/v1/orders/%lld", (long long)order_id);
  json_t *o = call("GET", path, NULL, 200);
  assert_string_equal(json_string_value(json_object_get(
                          json_object_get(o, "ship_to"), "line2")),
                      "3 栋 201");
  json_decref(o);
}

static void
a_missing_key_file_is_not_replaced_by_a_new_one(void **state)
{
  char env_db[600], env_key[700], out[1 << 14], lost[600];
  snprintf(lost, sizeof lost, "%s/pii-lost.key",
           getenv("DEPOT_TEST_TMP") ? getenv("DEPOT_TEST_TMP") : "/tmp");
  unlink(lost);
  snprintf(env_db, sizeof env_db, "DEPOT_DATABASE_URL=%s", srv.database_url);
  snprintf(env_key, sizeof env_key, "DEPOT_KEY_FILE=%s", lost);
  const char *env[] = {env_db, env_key, "DEPOT_LOG_LEVEL=warn", NULL};
  const char *args[] = {"key", "seal", NULL};
  assert_int_equal(api_run_depot(args, env, out, sizeof out), 1);
  assert_non_null(strstr(out, "was missing"));
  assert_non_null(strstr(out, "restore that key file"));
  /* The key made on the way was removed again. */
  assert_int_not_equal(access(lost, F_OK), 0);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(sealed_at_rest_and_found_by_blind_index),
      cmocka_unit_test(every_get_route_masks_for_picker_and_viewer),
      cmocka_unit_test(key_rotate_seals_plain_rows_and_reencrypts),
      cmocka_unit_test(a_missing_key_file_is_not_replaced_by_a_new_one),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
