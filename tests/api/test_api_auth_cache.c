/*
 * The node's session cache (issue 26 item 4, core/core_auth_cache.c) with
 * two `depot serve` nodes on one database: a sign-out, a disable, a role
 * change and an API key revoke made through node A (or the CLI) are
 * refused, or seen, by node B, which had the caller cached; a cached
 * session's absolute end is checked on the node itself; and losing the
 * LISTEN connection (pg_terminate_backend) empties the cache, shown with a
 * change made behind the triggers' back, which only a database read sees;
 * and the last use of a cached session reaches the database in a batch.
 *
 * NOTIFY reaches the other node after the change commits, so B is polled
 * for up to WAIT_S; without the notification its entry would serve for
 * CORE_AUTH_CACHE_MAX_AGE_S (300 s), so a missing one fails the test.
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

enum { WAIT_S = 10 };

static struct api_server a, b;

/* @a method @a path on node @a s as bearer @a token; the status. */
static long
status_on(const struct api_server *s, const char *token, const char *method,
          const char *path, const char *body)
{
  struct api_server as = *s;
  snprintf(as.token, sizeof as.token, "%s", token);
  struct api_reply r;
  assert_true(api_json(&as, method, path, body, &r));
  long st = r.status;
  api_reply_clear(&r);
  return st;
}

/* Polls GET /auth/me on @a s until it answers @a want; the last status. */
static long
await_me(const struct api_server *s, const char *token, long want)
{
  long st = 0;
  for (int i = 0; i < WAIT_S * 20; i++) {
    st = status_on(s, token, "GET", "/api/v1/auth/me", NULL);
    if (st == want)
      break;
    usleep(50000);
  }
  return st;
}

/* The role /auth/me on @a s reports for @a token, into @a out. */
static void
role_on(const struct api_server *s, const char *token, char *out, size_t len)
{
  struct api_server as = *s;
  snprintf(as.token, sizeof as.token, "%s", token);
  json_t *j = api_expect(&as, "GET", "/api/v1/auth/me", NULL, 200);
  assert_non_null(j);
  const char *role =
      json_string_value(json_object_get(json_object_get(j, "user"), "role"));
  snprintf(out, len, "%s", role != NULL ? role : "");
  json_decref(j);
}

/* Signs @a user in on node A into @a token; B caches it (two reads). */
static void
sign_in_both(const char *user, const char *role, char *token)
{
  assert_true(api_add_user(&a, user, role, NULL, "cache password 1"));
  assert_int_equal(api_login(&a, user, "cache password 1", token, NULL), 200);
  assert_int_equal(status_on(&b, token, "GET", "/api/v1/auth/me", NULL), 200);
  assert_int_equal(status_on(&b, token, "GET", "/api/v1/auth/me", NULL), 200);
}

static void
sign_out_on_a_is_refused_on_b(void **state)
{
  (void)state;
  char tok[80];
  sign_in_both("cache_out", "viewer", tok);
  assert_int_equal(status_on(&a, tok, "POST", "/api/v1/auth/logout", NULL),
                   204);
  /* The node that signed it out refuses at once, with no wait. */
  assert_int_equal(status_on(&a, tok, "GET", "/api/v1/auth/me", NULL), 401);
  assert_int_equal(await_me(&b, tok, 401), 401);
}

static void
disable_and_role_change_on_a_reach_b(void **state)
{
  (void)state;
  char tok[80], role[40];
  sign_in_both("cache_role", "viewer", tok);
  role_on(&b, tok, role, sizeof role);
  assert_string_equal(role, "viewer");
  json_t *u = api_expect(&a, "PATCH", "/api/v1/users/cache_role",
                         "{\"role\":\"picker\"}", 200);
  json_decref(u);
  for (int i = 0; i < WAIT_S * 20 && strcmp(role, "picker") != 0; i++) {
    usleep(50000);
    role_on(&b, tok, role, sizeof role);
  }
  assert_string_equal(role, "picker");
  u = api_expect(&a, "PATCH", "/api/v1/users/cache_role", "{\"active\":false}",
                 200);
  json_decref(u);
  assert_int_equal(await_me(&b, tok, 401), 401);
}

static void
api_key_revoke_reaches_both(void **state)
{
  (void)state;
  char env_db[600], out[4096], key[80];
  snprintf(env_db, sizeof env_db, "DEPOT_DATABASE_URL=%s", a.database_url);
  const char *env[] = {env_db, "DEPOT_LOG_LEVEL=warn", NULL};
  const char *mk[] = {"--name", "cache_key", "--scope", "stock:read", NULL};
  assert_true(api_make_key(&a, mk, key, sizeof key));
  assert_int_equal(await_me(&a, key, 200), 200);
  assert_int_equal(await_me(&b, key, 200), 200);
  const char *rv[] = {"apikey", "revoke", "cache_key", NULL};
  assert_int_equal(api_run_depot(rv, env, out, sizeof out), 0);
  assert_int_equal(await_me(&a, key, 401), 401);
  assert_int_equal(await_me(&b, key, 401), 401);
}

static void
cached_session_ends_on_time(void **state)
{
  (void)state;
  char tok[80], sql[300];
  assert_true(
      api_add_user(&a, "cache_end", "viewer", NULL, "cache password 1"));
  assert_int_equal(api_login(&a, "cache_end", "cache password 1", tok, NULL),
                   200);
  /* Through the trigger: B reads the 3-second end, and caches it. */
  snprintf(sql, sizeof sql,
           "UPDATE auth_session SET expires_at = now() + interval '3 s'"
           " WHERE user_id = (SELECT id FROM app_user"
           " WHERE username = 'cache_end')");
  assert_true(api_sql_text(&a, sql, NULL, 0));
  assert_int_equal(await_me(&b, tok, 200), 200);
  sleep(4);
  /* No notification since: only B's own clock can end it. */
  assert_int_equal(status_on(&b, tok, "GET", "/api/v1/auth/me", NULL), 401);
}

/*
 * The batched touch: a session B read when its last use was 25 s old,
 * used again 6 s later, has its last use written within a flush period
 * (10 s) by B's cache thread, with no request writing it.
 */
static void
last_use_is_written_in_batches(void **state)
{
  (void)state;
  char tok[80], age[40];
  assert_true(
      api_add_user(&a, "cache_seen", "viewer", NULL, "cache password 1"));
  assert_int_equal(api_login(&a, "cache_seen", "cache password 1", tok, NULL),
                   200);
  assert_true(api_sql_text(
      &a,
      "UPDATE auth_session SET last_seen_at = now() - interval '25 s'"
      " WHERE user_id = (SELECT id FROM app_user WHERE username = "
      "'cache_seen')",
      NULL, 0));
  assert_int_equal(status_on(&b, tok, "GET", "/api/v1/auth/me", NULL), 200);
  sleep(6);
  assert_int_equal(status_on(&b, tok, "GET", "/api/v1/auth/me", NULL), 200);
  const char *q = "SELECT extract(epoch FROM now() - last_seen_at)::int::text"
                  " FROM auth_session WHERE user_id = (SELECT id FROM app_user"
                  " WHERE username = 'cache_seen')";
  int secs = 99;
  for (int i = 0; i < 40 && secs > 15; i++) {
    sleep(1);
    assert_true(api_sql_text(&a, q, age, sizeof age));
    secs = atoi(age);
  }
  assert_true(secs <= 15);
}

static void
lost_listener_empties_the_cache(void **state)
{
  (void)state;
  char tok[80], n[40];
  sign_in_both("cache_lost", "viewer", tok);
  /* Ended behind the triggers' back: no notification, B still serves it
   * from memory, which shows the request did not read the database. */
  assert_true(api_sql_text(
      &a,
      "BEGIN; SET LOCAL session_replication_role = replica;"
      " UPDATE auth_session SET ended_at = now() WHERE user_id ="
      " (SELECT id FROM app_user WHERE username = 'cache_lost'); COMMIT",
      NULL, 0));
  assert_int_equal(status_on(&b, tok, "GET", "/api/v1/auth/me", NULL), 200);
  assert_true(api_sql_text(
      &a,
      "SELECT count(pg_terminate_backend(pid))::text FROM pg_stat_activity"
      " WHERE application_name = 'depot auth cache'"
      " AND datname = current_database()",
      n, sizeof n));
  assert_true(atoi(n) >= 2); /* one listener per node */
  /* Emptied before it is used again: the database's answer. */
  assert_int_equal(await_me(&b, tok, 401), 401);
  assert_int_equal(await_me(&a, tok, 401), 401);
  /* And listening again: a new sign-in works on both. */
  char tok2[80];
  assert_int_equal(api_login(&a, "cache_lost", "cache password 1", tok2, NULL),
                   200);
  assert_int_equal(await_me(&b, tok2, 200), 200);
}

static int
setup(void **state)
{
  (void)state;
  const char *ea[] = {"DEPOT_NODE_ID=node-a", NULL};
  if (!api_server_start(&a, "api_auth_cache", false, ea))
    return -1;
  static char env_db[600];
  snprintf(env_db, sizeof env_db, "DEPOT_DATABASE_URL=%s", a.database_url);
  const char *eb[] = {env_db, "DEPOT_NODE_ID=node-b", NULL};
  if (!api_server_start(&b, "api_auth_cache_b", false, eb))
    return -1;
  snprintf(b.database_url, sizeof b.database_url, "%s", a.database_url);
  return 0;
}

static int
teardown(void **state)
{
  (void)state;
  int rb = api_server_stop(&b);
  int ra = api_server_stop(&a);
  return ra == 0 && rb == 0 ? 0 : -1;
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(sign_out_on_a_is_refused_on_b),
      cmocka_unit_test(disable_and_role_change_on_a_reach_b),
      cmocka_unit_test(api_key_revoke_reaches_both),
      cmocka_unit_test(cached_session_ends_on_time),
      cmocka_unit_test(last_use_is_written_in_batches),
      cmocka_unit_test(lost_listener_empties_the_cache),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
