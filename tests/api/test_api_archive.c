/*
 * The History archive screen's API (issue 25 item 3): GET
 * /api/v1/admin/partitions lists every partitioned table with its months,
 * and POST /api/v1/admin/archive does what `depot archive --before` does,
 * into DEPOT_ARCHIVE_DIR. A back-dated month of audit rows (written to
 * DEFAULT, as an old row is) is archived; a non-admin, a malformed month,
 * a cut in the current month's future and a run while another holds the
 * archive lock are refused and change nothing; the same idempotency key
 * answers the first answer and archives nothing more.
 */
#include "api_harness.h"

#include <libpq-fe.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "api_steps.h"

static struct api_server srv;
static char dir[600];

#define call(m, p, b, st) api_step(&srv, m, p, b, st)
#define ok(m, p, b, st) api_step_ok(&srv, m, p, b, st)
#define expect_code(m, p, b, st, c) api_step_code(&srv, m, p, b, st, c)

static int
setup(void **state)
{
  (void)state;
  const char *tmp = getenv("DEPOT_TEST_TMP");
  snprintf(dir, sizeof dir, "%s/api-archive-%ld", tmp != NULL ? tmp : "/tmp",
           (long)getpid());
  char cmd[700], env[700];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0)
    return -1;
  snprintf(env, sizeof env, "DEPOT_ARCHIVE_DIR=%s", dir);
  const char *envs[] = {env, NULL};
  if (!api_server_start(&srv, "api_archive", false, envs))
    return -1;
  ok("POST", "/api/v1/users",
     "{\"username\":\"bo\",\"role\":\"back_office\",\"password\":\"back "
     "office password\"}",
     201);
  return 0;
}

static int
teardown(void **state)
{
  (void)state;
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

/* One cell of @a sql on the server's database, in a static buffer. */
static const char *
q(const char *sql)
{
  static char out[512];
  assert_true(api_sql_text(&srv, sql, out, sizeof out));
  return out;
}

/* The table @a name of the listing @a list (borrowed), or NULL. */
static json_t *
table(json_t *list, const char *name)
{
  size_t i;
  json_t *t;
  json_array_foreach(json_object_get(list, "tables"), i, t)
  {
    if (strcmp(json_string_value(json_object_get(t, "table")), name) == 0)
      return t;
  }
  return NULL;
}

/* The archived entry of @a month in table @a t (borrowed), or NULL. */
static json_t *
archived(json_t *t, const char *month)
{
  size_t i;
  json_t *a;
  json_array_foreach(json_object_get(t, "archived"), i, a)
  {
    if (strcmp(json_string_value(json_object_get(a, "month")), month) == 0)
      return a;
  }
  return NULL;
}

/* Status and error code of @a method @a path as user bo. */
static long
as_back_office(const char *method, const char *path, const char *body,
               char code[64])
{
  struct api_server as = srv;
  assert_int_equal(
      api_login(&srv, "bo", "back office password", as.token, NULL), 200);
  struct api_reply r;
  assert_true(api_json(&as, method, path, body, &r));
  const char *c = api_error_code(&r);
  snprintf(code, 64, "%s", c != NULL ? c : "");
  long st = r.status;
  api_reply_clear(&r);
  return st;
}

static void
lists_then_archives_a_back_dated_month_once(void **state)
{
  (void)state;
  char current[8], old[8], older[8], body[200], path[800];
  snprintf(current, sizeof current, "%.7s",
           q("SELECT to_char(part_month(now()), 'YYYY-MM')"));
  snprintf(old, sizeof old, "%.7s",
           q("SELECT to_char(part_month(now()) - interval '2 months',"
             " 'YYYY-MM')"));
  snprintf(older, sizeof older, "%.7s",
           q("SELECT to_char(part_month(now()) - interval '3 months',"
             " 'YYYY-MM')"));
  /* Five audit rows two months back: they land in DEFAULT. */
  q("WITH x AS (INSERT INTO audit_log (at, request_id, principal_kind,"
    " method, route, target, status, outcome)"
    " SELECT part_month(now()) - interval '2 months' + make_interval("
    " days => g), 'old' || g, 'user', 'POST', '/x', '/x', 200, 'ok'"
    " FROM generate_series(1, 5) g RETURNING 1) SELECT count(*) FROM x");

  json_t *list = call("GET", "/api/v1/admin/partitions", NULL, 200);
  assert_string_equal(json_string_value(json_object_get(list, "archive_dir")),
                      dir);
  json_t *audit = table(list, "audit_log");
  assert_non_null(audit);
  assert_non_null(table(list, "stock_move"));
  assert_string_equal(json_string_value(json_object_get(audit, "time_column")),
                      "at");
  assert_string_equal(
      json_string_value(json_object_get(audit, "current_month")), current);
  assert_int_equal(json_integer_value(json_object_get(audit, "months_ahead")),
                   3);
  assert_int_equal(json_integer_value(json_object_get(audit, "default_rows")),
                   5);
  json_t *p0 = json_array_get(json_object_get(audit, "partitions"), 0);
  assert_true(json_is_true(json_object_get(p0, "rows_exact")));
  assert_true(json_integer_value(json_object_get(p0, "bytes")) > 0);
  assert_int_equal(json_array_size(json_object_get(audit, "archived")), 0);
  json_decref(list);

  /* Refused, and nothing changes: another role, a malformed month, a
   * month still written, a run while another holds the lock. */
  char code[64];
  assert_int_equal(
      as_back_office("GET", "/api/v1/admin/partitions", NULL, code), 403);
  assert_string_equal(code, "forbidden");
  snprintf(body, sizeof body, "{\"before\":\"%s\"}", current);
  assert_int_equal(as_back_office("POST", "/api/v1/admin/archive", body, code),
                   403);
  assert_string_equal(code, "forbidden");
  expect_code("POST", "/api/v1/admin/archive", "{\"before\":\"2026-13\"}", 422,
              "archive_month_invalid");
  snprintf(body, sizeof body, "{\"before\":\"%.7s\"}",
           q("SELECT to_char(part_month(now()) + interval '1 month',"
             " 'YYYY-MM')"));
  expect_code("POST", "/api/v1/admin/archive", body, 409, "archive_month_open");
  PGconn *pg = PQconnectdb(srv.database_url);
  assert_int_equal(PQstatus(pg), CONNECTION_OK);
  PQclear(PQexec(
      pg, "SELECT pg_advisory_lock(hashtextextended('part_archive', 0))"));
  snprintf(body, sizeof body,
           "{\"before\":\"%s\",\"idempotency_key\":"
           "\"arch-1\"}",
           current);
  expect_code("POST", "/api/v1/admin/archive", body, 409,
              "archive_in_progress");
  PQfinish(pg);
  assert_string_equal(q("SELECT count(*) FROM part_archive"), "0");
  assert_string_equal(q("SELECT count(*) FROM audit_log_default"), "5");

  /* The run: the back-dated month goes to a file; the key binds now. */
  json_t *r = call("POST", "/api/v1/admin/archive", body, 200);
  assert_true(json_is_false(json_object_get(r, "replayed")));
  assert_int_equal(json_integer_value(json_object_get(r, "archived")), 1);
  json_t *m = json_array_get(json_object_get(r, "months"), 0);
  assert_string_equal(json_string_value(json_object_get(m, "table")),
                      "audit_log");
  assert_string_equal(json_string_value(json_object_get(m, "month")), old);
  assert_int_equal(json_integer_value(json_object_get(m, "rows")), 5);
  snprintf(path, sizeof path, "%s/audit_log_p%.4s%.2s.csv", dir, old, old + 5);
  assert_string_equal(json_string_value(json_object_get(m, "file")), path);
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  assert_true(st.st_size > 0);
  assert_string_equal(
      q("SELECT count(*) FROM audit_log WHERE at < part_month(now())"), "0");

  /* A row of an older month appears; the same key answers the first
   * answer and archives nothing: the row stays. */
  q("WITH x AS (INSERT INTO audit_log (at, request_id, principal_kind,"
    " method, route, target, status, outcome)"
    " VALUES (part_month(now()) - interval '3 months' + interval '1 day',"
    " 'older', 'user', 'POST', '/x', '/x', 200, 'ok') RETURNING 1)"
    " SELECT count(*) FROM x");
  json_t *again = call("POST", "/api/v1/admin/archive", body, 200);
  assert_true(json_is_true(json_object_get(again, "replayed")));
  json_object_del(r, "replayed");
  json_object_del(again, "replayed");
  assert_true(json_equal(r, again));
  json_decref(again);
  json_decref(r);
  assert_string_equal(
      q("SELECT count(*) FROM audit_log WHERE at < part_month(now())"), "1");
  snprintf(body, sizeof body,
           "{\"before\":\"%s\",\"idempotency_key\":"
           "\"arch-1\"}",
           older);
  expect_code("POST", "/api/v1/admin/archive", body, 409,
              "idempotency_conflict");

  /* The listing shows the month taken out, with its file. */
  list = call("GET", "/api/v1/admin/partitions", NULL, 200);
  json_t *a = archived(table(list, "audit_log"), old);
  assert_non_null(a);
  assert_string_equal(json_string_value(json_object_get(a, "state")),
                      "archived");
  assert_int_equal(json_integer_value(json_object_get(a, "rows")), 5);
  assert_string_equal(json_string_value(json_object_get(a, "file")), path);
  assert_true(json_is_string(json_object_get(a, "archived_at")));
  json_decref(list);

  /* Audited like every admin change: the run and its replay, and the back
   * office's refused attempt. */
  json_t *au = call(
      "GET", "/api/v1/audit?route=/api/v1/admin/archive&outcome=ok", NULL, 200);
  assert_int_equal(json_integer_value(json_object_get(au, "total")), 2);
  json_decref(au);
  au = call("GET", "/api/v1/audit?route=/api/v1/admin/archive&outcome=denied",
            NULL, 200);
  assert_int_equal(json_integer_value(json_object_get(au, "total")), 1);
  json_decref(au);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(lists_then_archives_a_back_dated_month_once),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
