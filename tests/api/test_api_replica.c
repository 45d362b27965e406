/*
 * Read replica routing (issue 25 item 2), the short variant `make test`
 * runs: server A's DEPOT_REPLICA_URL names its own database (a "replica"
 * that is a primary: never behind, so every replica-safe read goes there),
 * server B's names a server that does not exist. A replica-safe read says
 * where it went in Depot-Read-Target; a session's change records its WAL
 * position for read-your-writes; a replica that is gone costs no error,
 * only the primary serving; /readyz reports both targets. The real
 * streaming replica (replay paused, lag, replica stopped, two nodes) is
 * test_fault_replica.
 */
#include "api_harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

static struct api_server a, b;
static char replica_env[600];

/* The Depot-Read-Target of reply @a r into @a out; "" when absent. */
static void
target_of(const struct api_reply *r, char *out, size_t len)
{
  out[0] = '\0';
  const char *name = "Depot-Read-Target:";
  for (const char *p = r->headers; *p != '\0'; p += strcspn(p, "\n") + 1) {
    if (strncasecmp(p, name, strlen(name)) == 0) {
      const char *v = p + strlen(name);
      v += strspn(v, " ");
      snprintf(out, len, "%.*s", (int)strcspn(v, "\r\n"), v);
      return;
    }
    if (p[strcspn(p, "\n")] == '\0')
      break;
  }
}

/* Sends @a method @a path to @a s; asserts @a status; the read target. */
static void
call(const struct api_server *s, const char *method, const char *path,
     const char *body, long status, char *target, size_t len)
{
  struct api_reply r = {0};
  assert_true(api_json(s, method, path, body, &r));
  if (r.status != status)
    fprintf(stderr, "%s %s: %ld %s\n", method, path, r.status,
            r.body != NULL ? r.body : "");
  assert_int_equal(r.status, status);
  target_of(&r, target, len);
  api_reply_clear(&r);
}

static int
setup(void **state)
{
  (void)state;
  char url[512];
  if (!api_fresh_database("replica", url, sizeof url))
    return -1;
  snprintf(replica_env, sizeof replica_env, "DEPOT_REPLICA_URL=%s", url);
  const char *env_a[] = {replica_env, NULL};
  const char *env_b[] = {"DEPOT_REPLICA_URL=host=/nonexistent-depot-replica "
                         "port=1 dbname=depot connect_timeout=1",
                         NULL};
  return api_server_start(&a, "replica", false, env_a) &&
                 api_server_start(&b, "replica_down", false, env_b)
             ? 0
             : -1;
}

static int
teardown(void **state)
{
  (void)state;
  int ra = api_server_stop(&a), rb = api_server_stop(&b);
  return ra == 0 && rb == 0 ? 0 : -1;
}

/* A replica-safe read goes to the replica; a change, or a read the table
 * does not mark, says nothing (it is the primary's). */
static void
replica_safe_read_goes_to_the_replica(void **state)
{
  (void)state;
  char t[32];
  call(&a, "GET", "/api/v1/warehouses", NULL, 200, t, sizeof t);
  assert_string_equal(t, "replica");
  call(&a, "GET", "/api/v1/reports/inventory", NULL, 200, t, sizeof t);
  assert_string_equal(t, "replica");
  call(&a, "GET", "/api/v1/auth/me", NULL, 200, t, sizeof t);
  assert_string_equal(t, "");
  call(&a, "POST", "/api/v1/warehouses", "{\"code\":\"RW1\",\"name\":\"r\"}",
       201, t, sizeof t);
  assert_string_equal(t, "");
}

/* A session's change records the WAL position after it; its next read
 * waits for the replica to have replayed that far, and sees the change. */
static void
change_records_the_session_position(void **state)
{
  (void)state;
  char t[32], n[32];
  assert_true(api_sql_text(&a,
                           "UPDATE auth_session SET write_lsn = NULL"
                           " RETURNING 'x'",
                           n, sizeof n));
  call(&a, "POST", "/api/v1/warehouses", "{\"code\":\"RW2\",\"name\":\"r\"}",
       201, t, sizeof t);
  assert_true(api_sql_text(&a,
                           "SELECT count(*) FROM auth_session WHERE write_lsn"
                           " IS NOT NULL AND write_lsn <= pg_current_wal_lsn()",
                           n, sizeof n));
  assert_string_equal(n, "1");
  struct api_reply r = {0};
  assert_true(api_json(&a, "GET", "/api/v1/warehouses", NULL, &r));
  assert_int_equal(r.status, 200);
  target_of(&r, t, sizeof t);
  assert_string_equal(t, "replica");
  assert_non_null(strstr(r.body, "\"RW2\""));
  api_reply_clear(&r);
  /* A refused change records nothing. */
  assert_true(api_sql_text(&a,
                           "UPDATE auth_session SET write_lsn = NULL"
                           " RETURNING 'x'",
                           n, sizeof n));
  call(&a, "POST", "/api/v1/warehouses", "{\"code\":\"RW2\",\"name\":\"r\"}",
       409, t, sizeof t);
  assert_true(api_sql_text(&a,
                           "SELECT count(*) FROM auth_session WHERE write_lsn"
                           " IS NOT NULL",
                           n, sizeof n));
  assert_string_equal(n, "0");
}

/* An API key's reads go to the replica too, and its change records the
 * key's WAL position (migration 0470): its next read waits for the replica
 * to have replayed that far, and sees the change. A refused change
 * records nothing. */
static void
key_change_records_the_key_position(void **state)
{
  (void)state;
  char t[32], n[32];
  struct api_server as_key = a;
  const char *mk[] = {"--name", "ryw_key", "--scope", "catalog:write", NULL};
  assert_true(api_make_key(&a, mk, as_key.token, sizeof as_key.token));
  call(&as_key, "GET", "/api/v1/products", NULL, 200, t, sizeof t);
  assert_string_equal(t, "replica");
  assert_true(
      api_sql_text(&a, "SELECT count(*) FROM api_key_write", n, sizeof n));
  assert_string_equal(n, "0");
  call(&as_key, "POST", "/api/v1/products",
       "{\"sku\":\"RYW-1\",\"name\":\"ryw\"}", 201, t, sizeof t);
  assert_true(api_sql_text(&a,
                           "SELECT count(*) FROM api_key_write w"
                           " JOIN api_key k ON k.id = w.key_id"
                           " WHERE k.name = 'ryw_key'"
                           " AND w.write_lsn <= pg_current_wal_lsn()",
                           n, sizeof n));
  assert_string_equal(n, "1");
  struct api_reply r = {0};
  assert_true(api_json(&as_key, "GET", "/api/v1/products?q=RYW-1", NULL, &r));
  assert_int_equal(r.status, 200);
  target_of(&r, t, sizeof t);
  assert_string_equal(t, "replica");
  assert_non_null(strstr(r.body, "\"RYW-1\""));
  api_reply_clear(&r);
  assert_true(
      api_sql_text(&a, "DELETE FROM api_key_write RETURNING 'x'", n, sizeof n));
  call(&as_key, "POST", "/api/v1/products",
       "{\"sku\":\"RYW-1\",\"name\":\"ryw\"}", 409, t, sizeof t);
  assert_true(
      api_sql_text(&a, "SELECT count(*) FROM api_key_write", n, sizeof n));
  assert_string_equal(n, "0");
}

/* /readyz reports the primary and the replica, with its lag. */
static void
readyz_reports_both_targets(void **state)
{
  (void)state;
  json_t *j = api_expect(&a, "GET", "/readyz", NULL, 200);
  assert_non_null(j);
  json_t *rep = json_object_get(json_object_get(j, "targets"), "replica");
  assert_string_equal(
      json_string_value(json_object_get(
          json_object_get(json_object_get(j, "targets"), "primary"), "state")),
      "up");
  assert_string_equal(json_string_value(json_object_get(rep, "state")), "up");
  assert_int_equal(json_integer_value(json_object_get(rep, "lag_ms")), 0);
  assert_true(json_is_integer(json_object_get(rep, "probe_us")));
  json_decref(j);
}

/* A replica that does not answer: reads are 200 from the primary, and the
 * node stays ready, saying the replica is down. */
static void
replica_gone_reads_the_primary(void **state)
{
  (void)state;
  char t[32];
  call(&b, "GET", "/api/v1/warehouses", NULL, 200, t, sizeof t);
  assert_string_equal(t, "primary");
  call(&b, "GET", "/api/v1/stock", NULL, 200, t, sizeof t);
  assert_string_equal(t, "primary");
  json_t *j = api_expect(&b, "GET", "/readyz", NULL, 200);
  assert_non_null(j);
  json_t *rep = json_object_get(json_object_get(j, "targets"), "replica");
  assert_string_equal(json_string_value(json_object_get(rep, "state")), "down");
  json_decref(j);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(replica_safe_read_goes_to_the_replica),
      cmocka_unit_test(change_records_the_session_position),
      cmocka_unit_test(key_change_records_the_key_position),
      cmocka_unit_test(readyz_reports_both_targets),
      cmocka_unit_test(replica_gone_reads_the_primary),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
