/*
 * Accounts over HTTP: login, the stored hash, brute-force throttling,
 * warehouse limits, CSRF for cookie sessions, logout, badges, API keys,
 * audit rows, security headers, and hostile input.
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
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

static struct api_server srv;

static int
setup(void **state)
{
  if (!api_server_start(&srv, "api_auth", false, NULL))
    return -1;
  struct api_reply r;
  const char *whs[] = {"{\"code\":\"WA\",\"name\":\"A\"}",
                       "{\"code\":\"WB\",\"name\":\"B\"}"};
  for (int i = 0; i < 2; i++) {
    if (!api_json(&srv, "POST", "/api/v1/warehouses", whs[i], &r) ||
        r.status != 201)
      return -1;
    api_reply_clear(&r);
  }
  return 0;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

/* Calls as @a token ("" for none); returns the status, body in @a out. */
static long
as(const char *token, const char *method, const char *path, const char *body,
   struct api_reply *out)
{
  struct api_server s = srv;
  snprintf(s.token, sizeof s.token, "%s", token);
  assert_true(api_json(&s, method, path, body, out));
  return out->status;
}

static long
status_as(const char *token, const char *method, const char *path,
          const char *body, const char *code)
{
  struct api_reply r;
  long st = as(token, method, path, body, &r);
  if (code != NULL) {
    if (strcmp(api_error_code(&r), code) != 0)
      fprintf(stderr, "%s %s -> %ld %s\n", method, path, st, r.body);
    assert_string_equal(api_error_code(&r), code);
  }
  api_reply_clear(&r);
  return st;
}

static char *
sql_value(const char *sql, const char *param)
{
  PGconn *pg = PQconnectdb(srv.database_url);
  const char *params[] = {param};
  PGresult *r =
      PQexecParams(pg, sql, param != NULL ? 1 : 0, NULL, params, NULL, NULL, 0);
  char *v = NULL;
  if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0)
    v = strdup(PQgetvalue(r, 0, 0));
  else if (PQresultStatus(r) != PGRES_TUPLES_OK)
    v = strdup(PQresultErrorField(r, PG_DIAG_SQLSTATE));
  PQclear(r);
  PQfinish(pg);
  return v;
}

static void
login_returns_token_and_stores_argon2id(void **state)
{
  assert_true(
      api_add_user(&srv, "clerk", "back_office", NULL, "clerk password 1"));
  struct api_reply r;
  struct api_server anon = srv;
  anon.token[0] = '\0';
  assert_true(api_json(&anon, "POST", "/api/v1/auth/login",
                       "{\"username\":\"clerk\",\"password\":\"clerk "
                       "password 1\"}",
                       &r));
  assert_int_equal(r.status, 200);
  const char *token = json_string_value(json_object_get(r.json, "token"));
  assert_non_null(token);
  assert_int_equal(strlen(token), 64);
  assert_int_equal(
      strlen(json_string_value(json_object_get(r.json, "csrf_token"))), 64);
  json_t *user = json_object_get(r.json, "user");
  assert_string_equal(json_string_value(json_object_get(user, "role")),
                      "back_office");
  assert_non_null(strstr(r.set_cookie, "HttpOnly"));
  assert_non_null(strstr(r.set_cookie, "SameSite=Strict"));
  assert_null(strstr(r.set_cookie, "Secure")); /* plain http */
  /* Only the hash of the token is stored. */
  char *hash = sql_value(
      "SELECT password_hash FROM app_user WHERE username = $1", "clerk");
  assert_memory_equal(hash, "$argon2id$", 10);
  free(hash);
  char *n = sql_value("SELECT count(*) FROM auth_session WHERE token_hash = $1",
                      token);
  assert_string_equal(n, "0");
  free(n);
  api_reply_clear(&r);
}

static void
wrong_password_401_then_429_even_when_right(void **state)
{
  assert_true(api_add_user(&srv, "victim", "picker", NULL, "victim password"));
  char token[80];
  for (int i = 0; i < 5; i++)
    assert_int_equal(api_login(&srv, "victim", "not the password", token, NULL),
                     401);
  struct api_reply r;
  struct api_server anon = srv;
  anon.token[0] = '\0';
  assert_true(api_json(&anon, "POST", "/api/v1/auth/login",
                       "{\"username\":\"victim\",\"password\":\"victim "
                       "password\"}",
                       &r));
  assert_int_equal(r.status, 429);
  assert_string_equal(api_error_code(&r), "too_many_requests");
  long retry = strtol(r.retry_after, NULL, 10);
  assert_true(retry > 0 && retry <= 900);
  api_reply_clear(&r);
  /* Another name from the same address is not locked out. */
  assert_int_equal(api_login(&srv, "clerk", "clerk password 1", token, NULL),
                   200);
  /* The refusal is in the audit log. */
  assert_int_equal(as(srv.token, "GET",
                      "/api/v1/audit?principal=victim&outcome=denied", NULL,
                      &r),
                   200);
  json_t *items = json_object_get(r.json, "items");
  assert_true(json_array_size(items) >= 6);
  json_t *last = json_array_get(items, 0);
  assert_int_equal(json_integer_value(json_object_get(last, "status")), 429);
  assert_string_equal(json_string_value(json_object_get(last, "route")),
                      "/api/v1/auth/login");
  api_reply_clear(&r);
}

/* Ten guesses at once: still at most five reach the password check. */
static void
parallel_guesses_are_counted_in_full(void **state)
{
  assert_true(api_add_user(&srv, "burst", "viewer", NULL, "burst password"));
  enum { N = 10 };
  pid_t kids[N];
  for (int i = 0; i < N; i++) {
    kids[i] = fork();
    if (kids[i] == 0) {
      char token[80];
      long st = api_login(&srv, "burst", "a wrong guess", token, NULL);
      _exit(st == 401 ? 1 : st == 429 ? 2 : 3);
    }
  }
  int n401 = 0, n429 = 0;
  for (int i = 0; i < N; i++) {
    int status = 0;
    waitpid(kids[i], &status, 0);
    assert_true(WIFEXITED(status));
    n401 += WEXITSTATUS(status) == 1;
    n429 += WEXITSTATUS(status) == 2;
  }
  assert_int_equal(n401, 5);
  assert_int_equal(n429, N - 5);
}

static void
no_session_is_401_and_picker_is_403(void **state)
{
  assert_int_equal(
      status_as("", "GET", "/api/v1/warehouses", NULL, "unauthenticated"), 401);
  assert_int_equal(
      status_as("0000", "GET", "/api/v1/warehouses", NULL, "unauthenticated"),
      401);
  assert_true(api_add_user(&srv, "pick1", "picker", NULL, "picker password"));
  char token[80];
  assert_int_equal(api_login(&srv, "pick1", "picker password", token, NULL),
                   200);
  assert_int_equal(status_as(token, "GET", "/api/v1/users", NULL, "forbidden"),
                   403);
  assert_int_equal(status_as(token, "POST", "/api/v1/users",
                             "{\"username\":\"x\",\"role\":\"admin\","
                             "\"password\":\"0123456789\"}",
                             "forbidden"),
                   403);
  assert_int_equal(status_as(token, "POST", "/api/v1/warehouses",
                             "{\"code\":\"PX\",\"name\":\"x\"}", "forbidden"),
                   403);
  assert_int_equal(status_as(token, "GET", "/api/v1/warehouses", NULL, NULL),
                   200);
}

static void
warehouse_limited_user_sees_only_its_warehouse(void **state)
{
  assert_true(
      api_add_user(&srv, "lead_a", "warehouse_lead", "WA", "lead a password"));
  char token[80];
  assert_int_equal(api_login(&srv, "lead_a", "lead a password", token, NULL),
                   200);
  assert_int_equal(status_as(token, "GET", "/api/v1/warehouses/WA", NULL, NULL),
                   200);
  assert_int_equal(status_as(token, "GET", "/api/v1/warehouses/WB", NULL,
                             "warehouse_forbidden"),
                   403);
  struct api_reply r;
  assert_int_equal(as(token, "GET", "/api/v1/warehouses", NULL, &r), 200);
  json_t *items = json_object_get(r.json, "items");
  assert_int_equal(json_array_size(items), 1);
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(items, 0), "code")),
      "WA");
  assert_int_equal(json_integer_value(json_object_get(r.json, "total")), 1);
  api_reply_clear(&r);
  /* An unknown warehouse code is no way around the limit. */
  assert_int_equal(status_as(token, "GET", "/api/v1/warehouses/ZZ9", NULL,
                             "warehouse_forbidden"),
                   403);
}

/* Sends @a method @a path with the session cookie and optional CSRF. */
static long
cookie_call(const char *token, const char *csrf, const char *method,
            const char *path, const char *body, char *code, size_t code_len)
{
  char cookie[160], xcsrf[160];
  snprintf(cookie, sizeof cookie, "Cookie: depot_session=%s", token);
  snprintf(xcsrf, sizeof xcsrf, "X-CSRF-Token: %s", csrf);
  const char *h[] = {cookie, csrf != NULL ? xcsrf : NULL, NULL};
  struct api_reply r;
  assert_true(api_call(&srv, method, path, body,
                       body != NULL ? strlen(body) : 0, NULL, h, &r));
  long st = r.status;
  if (code != NULL)
    snprintf(code, code_len, "%s", api_error_code(&r));
  api_reply_clear(&r);
  return st;
}

static void
cookie_session_needs_csrf_to_change_anything(void **state)
{
  char token[80], csrf[80], code[64];
  assert_int_equal(
      api_login(&srv, API_ADMIN_USER, API_ADMIN_PASSWORD, token, csrf), 200);
  const char *body = "{\"code\":\"WC\",\"name\":\"C\"}";
  assert_int_equal(
      cookie_call(token, NULL, "GET", "/api/v1/warehouses", NULL, NULL, 0),
      200);
  assert_int_equal(cookie_call(token, NULL, "POST", "/api/v1/warehouses", body,
                               code, sizeof code),
                   403);
  assert_string_equal(code, "csrf_required");
  assert_int_equal(cookie_call(token, "0123", "POST", "/api/v1/warehouses",
                               body, code, sizeof code),
                   403);
  assert_int_equal(
      status_as(srv.token, "GET", "/api/v1/warehouses/WC", NULL, NULL), 404);
  assert_int_equal(
      cookie_call(token, csrf, "POST", "/api/v1/warehouses", body, NULL, 0),
      201);
  /* Logout by cookie needs CSRF too, then ends the session server-side. */
  assert_int_equal(
      cookie_call(token, NULL, "POST", "/api/v1/auth/logout", NULL, NULL, 0),
      403);
  assert_int_equal(
      cookie_call(token, csrf, "POST", "/api/v1/auth/logout", NULL, NULL, 0),
      204);
  assert_int_equal(
      cookie_call(token, NULL, "GET", "/api/v1/auth/me", NULL, NULL, 0), 401);
  assert_int_equal(
      status_as(token, "GET", "/api/v1/auth/me", NULL, "unauthenticated"), 401);
}

static void
bearer_logout_ends_the_session(void **state)
{
  char token[80];
  assert_int_equal(api_login(&srv, "clerk", "clerk password 1", token, NULL),
                   200);
  struct api_reply r;
  assert_int_equal(as(token, "GET", "/api/v1/auth/me", NULL, &r), 200);
  assert_string_equal(json_string_value(json_object_get(
                          json_object_get(r.json, "user"), "username")),
                      "clerk");
  api_reply_clear(&r);
  assert_int_equal(as(token, "POST", "/api/v1/auth/logout", NULL, &r), 204);
  assert_non_null(strstr(r.set_cookie, "Max-Age=0"));
  api_reply_clear(&r);
  assert_int_equal(status_as(token, "GET", "/api/v1/auth/me", NULL, NULL), 401);
}

static void
badge_and_pin_log_a_picker_in(void **state)
{
  assert_int_equal(status_as(srv.token, "POST", "/api/v1/users",
                             "{\"username\":\"王小明\",\"role\":\"picker\","
                             "\"password\":\"long enough pw\",\"badge\":"
                             "\"B-0001\",\"pin\":\"4711\",\"warehouses\":"
                             "[\"WA\"]}",
                             NULL),
                   201);
  struct api_reply r;
  assert_int_equal(as("", "POST", "/api/v1/auth/badge",
                      "{\"badge\":\"B-0001\",\"pin\":\"4711\"}", &r),
                   200);
  json_t *user = json_object_get(r.json, "user");
  assert_string_equal(json_string_value(json_object_get(user, "username")),
                      "王小明");
  assert_string_equal(
      json_string_value(json_array_get(json_object_get(user, "warehouses"), 0)),
      "WA");
  api_reply_clear(&r);
  assert_int_equal(status_as("", "POST", "/api/v1/auth/badge",
                             "{\"badge\":\"B-0001\",\"pin\":\"0000\"}",
                             "bad_credentials"),
                   401);
  assert_int_equal(status_as(srv.token, "POST", "/api/v1/users",
                             "{\"username\":\"weak\",\"role\":\"viewer\","
                             "\"password\":\"short\"}",
                             "weak_password"),
                   422);
}

/* Creates an API key with @a scope through the CLI into @a key. */
static void
make_key(const char *name, const char *scope, char *key, size_t len)
{
  const char *opts[] = {"--name", name, "--scope", scope, NULL};
  assert_true(api_make_key(&srv, opts, key, len));
}

static void
api_keys_are_scope_checked_and_revocable(void **state)
{
  char key[80];
  make_key("erp", "stock:read", key, sizeof key);
  char *stored =
      sql_value("SELECT key_hash FROM api_key WHERE name = $1", "erp");
  assert_null(strstr(stored, key + 4));
  free(stored);
  assert_int_equal(status_as(key, "GET", "/api/v1/warehouses", NULL, NULL),
                   200);
  assert_int_equal(status_as(key, "POST", "/api/v1/warehouses",
                             "{\"code\":\"KX\",\"name\":\"x\"}", "forbidden"),
                   403);
  assert_int_equal(status_as(key, "GET", "/api/v1/users", NULL, "forbidden"),
                   403);
  struct api_reply r;
  assert_int_equal(as(key, "GET", "/api/v1/auth/me", NULL, &r), 200);
  assert_string_equal(json_string_value(json_object_get(
                          json_object_get(r.json, "api_key"), "name")),
                      "erp");
  api_reply_clear(&r);
  char env_db[600], out[2048];
  snprintf(env_db, sizeof env_db, "DEPOT_DATABASE_URL=%s", srv.database_url);
  const char *env[] = {env_db, "DEPOT_LOG_LEVEL=warn", NULL};
  const char *list[] = {"apikey", "list", NULL};
  assert_int_equal(api_run_depot(list, env, out, sizeof out), 0);
  assert_non_null(strstr(out, "erp"));
  assert_non_null(strstr(out, "stock:read"));
  assert_null(strstr(out, key)); /* the key is never shown again */
  const char *args[] = {"apikey", "revoke", "erp", NULL};
  assert_int_equal(api_run_depot(args, env, out, sizeof out), 0);
  assert_int_equal(api_run_depot(list, env, out, sizeof out), 0);
  assert_non_null(strstr(out, "revoked"));
  assert_int_equal(api_run_depot(args, env, out, sizeof out), 1);
  assert_int_equal(
      status_as(key, "GET", "/api/v1/warehouses", NULL, "unauthenticated"),
      401);
}

static void
hostile_input_gets_the_error_shape(void **state)
{
  static char big[10300];
  int n = snprintf(big, sizeof big, "{\"username\":\"");
  memset(big + n, 'u', 10240);
  snprintf(big + n + 10240, sizeof big - (size_t)n - 10240,
           "\",\"password\":\"x\"}");
  const char *bodies[] = {
      "{\"username\":\"admin' OR '1'='1\",\"password\":\"' OR ''='\"}",
      "{\"username\":\"ad\\u0000min\",\"password\":\"harness admin password\"}",
      big,
      "{\"username\":\"admin\"}",
      "{\"password\":\"x\"}",
      "{\"username\":1,\"password\":\"x\"}",
      "{\"username\":\"admin\",\"password\":\"x\",\"extra\":1}",
  };
  for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
    struct api_reply r;
    long st = as("", "POST", "/api/v1/auth/login", bodies[i], &r);
    if (st != 400 && st != 401 && st != 422)
      fail_msg("body %zu: status %ld %s", i, st, r.body);
    assert_true(api_error_code(&r)[0] != '\0');
    api_reply_clear(&r);
  }
  struct api_reply r;
  struct api_server anon = srv;
  anon.token[0] = '\0';
  const char bad[] = "{\"username\":\"\xff\xfe\",\"password\":\"x\"}";
  assert_true(api_call(&anon, "POST", "/api/v1/auth/login", bad, sizeof bad - 1,
                       NULL, NULL, &r));
  assert_int_equal(r.status, 400);
  assert_string_equal(api_error_code(&r), "invalid_utf8");
  api_reply_clear(&r);
  const char *tricky = "o'brien\\\"; DROP TABLE app_user;-- 🙂";
  char body[300];
  snprintf(body, sizeof body,
           "{\"username\":\"%s\",\"role\":\"viewer\",\"password\":"
           "\"0123456789\"}",
           tricky);
  assert_int_equal(status_as(srv.token, "POST", "/api/v1/users", body, NULL),
                   201);
  char token[80];
  assert_int_equal(api_login(&srv, "o'brien\"; DROP TABLE app_user;-- 🙂",
                             "0123456789", token, NULL),
                   200);
  assert_int_equal(as(token, "GET", "/api/v1/auth/me", NULL, &r), 200);
  assert_string_equal(json_string_value(json_object_get(
                          json_object_get(r.json, "user"), "username")),
                      "o'brien\"; DROP TABLE app_user;-- 🙂");
  api_reply_clear(&r);
  assert_int_equal(status_as("", "GET", "/api/v1/auth/me", NULL, NULL), 401);
  const char *h[] = {"Authorization: Basic YWRtaW46YWRtaW4=", NULL};
  assert_true(api_call(&srv, "GET", "/api/v1/auth/me", NULL, 0, NULL, h, &r));
  assert_int_equal(r.status, 401);
  api_reply_clear(&r);
}

static void
security_headers_and_append_only_audit(void **state)
{
  struct api_reply r;
  assert_true(api_json(&srv, "GET", "/healthz", NULL, &r));
  assert_non_null(strstr(r.headers, "Content-Security-Policy: default-src "
                                    "'self'"));
  assert_non_null(strstr(r.headers, "frame-ancestors 'none'"));
  assert_non_null(strstr(r.headers, "X-Content-Type-Options: nosniff"));
  assert_non_null(strstr(r.headers, "Referrer-Policy: no-referrer"));
  assert_null(strstr(r.headers, "Strict-Transport-Security"));
  api_reply_clear(&r);
  char *st = sql_value("WITH d AS (DELETE FROM audit_log RETURNING 1)"
                       " SELECT count(*) FROM d",
                       NULL);
  assert_string_equal(st, "42501");
  free(st);
  st = sql_value("WITH u AS (UPDATE audit_log SET status = 200 RETURNING 1)"
                 " SELECT count(*) FROM u",
                 NULL);
  assert_string_equal(st, "42501");
  free(st);
  /* A change refused before the gate is audited too. */
  assert_int_equal(status_as(srv.token, "POST", "/api/v1/warehouses?x=1",
                             "{\"code\":\"QX\",\"name\":\"q\"}",
                             "unknown_query_param"),
                   400);
  assert_int_equal(
      as(srv.token, "GET", "/api/v1/audit?outcome=error&limit=1", NULL, &r),
      200);
  json_t *err = json_array_get(json_object_get(r.json, "items"), 0);
  assert_int_equal(json_integer_value(json_object_get(err, "status")), 400);
  assert_string_equal(json_string_value(json_object_get(err, "target")),
                      "/api/v1/warehouses");
  api_reply_clear(&r);
  /* Reads are not audited; changes are, with who and what. */
  assert_int_equal(as(srv.token, "GET",
                      "/api/v1/audit?route=/api/v1/warehouses&method=POST",
                      NULL, &r),
                   200);
  json_t *first = json_array_get(json_object_get(r.json, "items"), 0);
  assert_non_null(first);
  assert_true(json_integer_value(json_object_get(r.json, "total")) >= 3);
  assert_non_null(json_object_get(first, "request_id"));
  api_reply_clear(&r);
}

/*
 * A change that commits has its audit row in the same transaction: the
 * row and the change share one transaction id (xmin), so neither can be
 * kept without the other. A refused change is audited on its own.
 */
static void
committed_change_has_its_audit_row_in_its_transaction(void **state)
{
  struct api_reply r;
  assert_int_equal(as(srv.token, "POST", "/api/v1/warehouses",
                      "{\"code\":\"AX1\",\"name\":\"audit tx\"}", &r),
                   201);
  char rid[80];
  snprintf(rid, sizeof rid, "%s", r.request_id);
  api_reply_clear(&r);
  char *same = sql_value(
      "SELECT (SELECT xmin::text FROM warehouse WHERE code = 'AX1') ="
      " (SELECT xmin::text FROM audit_log WHERE request_id = $1)"
      " AND (SELECT count(*) FROM audit_log WHERE request_id = $1) = 1",
      rid);
  assert_string_equal(same, "t");
  free(same);
  /* The same code again is refused: one row, on its own, status 409. */
  assert_int_equal(as(srv.token, "POST", "/api/v1/warehouses",
                      "{\"code\":\"AX1\",\"name\":\"again\"}", &r),
                   409);
  snprintf(rid, sizeof rid, "%s", r.request_id);
  api_reply_clear(&r);
  char *st = sql_value("SELECT string_agg(status::text || outcome, ',')"
                       " FROM audit_log WHERE request_id = $1",
                       rid);
  assert_string_equal(st, "409error");
  free(st);
}

static void
idle_and_absolute_timeouts_end_sessions(void **state)
{
  char idle[80], old[80];
  assert_int_equal(api_login(&srv, "clerk", "clerk password 1", idle, NULL),
                   200);
  assert_int_equal(api_login(&srv, "clerk", "clerk password 1", old, NULL),
                   200);
  char *n = sql_value("WITH u AS (UPDATE auth_session SET last_seen_at ="
                      " now() - interval '61 minutes' WHERE token_hash ="
                      " encode(sha256(convert_to($1, 'UTF8')), 'hex')"
                      " RETURNING 1) SELECT count(*) FROM u",
                      idle);
  assert_string_equal(n, "1");
  free(n);
  n = sql_value("WITH u AS (UPDATE auth_session SET expires_at ="
                " now() - interval '1 second' WHERE token_hash ="
                " encode(sha256(convert_to($1, 'UTF8')), 'hex')"
                " RETURNING 1) SELECT count(*) FROM u",
                old);
  assert_string_equal(n, "1");
  free(n);
  assert_int_equal(
      status_as(idle, "GET", "/api/v1/auth/me", NULL, "unauthenticated"), 401);
  assert_int_equal(
      status_as(old, "GET", "/api/v1/auth/me", NULL, "unauthenticated"), 401);
}

/* Runs `depot` against the test database with @a input on stdin. */
static int
cli(const char *const *args, const char *input)
{
  char env_db[600], out[4096];
  snprintf(env_db, sizeof env_db, "DEPOT_DATABASE_URL=%s", srv.database_url);
  const char *env[] = {env_db, "DEPOT_LOG_LEVEL=warn", NULL};
  int rc = api_run_depot_input(args, env, input, out, sizeof out);
  if (rc != 0)
    fprintf(stderr, "depot %s %s: %s\n", args[0], args[1], out);
  return rc;
}

static void
cli_passwd_and_disable_end_sessions(void **state)
{
  assert_true(api_add_user(&srv, "temp", "viewer", NULL, "first password"));
  char token[80];
  assert_int_equal(api_login(&srv, "temp", "first password", token, NULL), 200);
  const char *weak[] = {"user", "passwd", "temp", "--password-stdin", NULL};
  assert_int_equal(cli(weak, "short\n"), 1);
  assert_int_equal(cli(weak, "second password\n"), 0);
  assert_int_equal(status_as(token, "GET", "/api/v1/auth/me", NULL, NULL), 401);
  assert_int_equal(api_login(&srv, "temp", "first password", token, NULL), 401);
  assert_int_equal(api_login(&srv, "temp", "second password", token, NULL),
                   200);
  const char *disable[] = {"user", "disable", "temp", NULL};
  assert_int_equal(cli(disable, NULL), 0);
  assert_int_equal(status_as(token, "GET", "/api/v1/auth/me", NULL, NULL), 401);
  assert_int_equal(api_login(&srv, "temp", "second password", token, NULL),
                   401);
  const char *nobody[] = {"user", "disable", "nobody", NULL};
  assert_int_equal(cli(nobody, NULL), 1);
  const char *badrole[] = {"user",   "add",  "--username",       "x",
                           "--role", "root", "--password-stdin", NULL};
  assert_int_equal(cli(badrole, "0123456789\n"), 2);
  const char *badwh[] = {
      "user",        "add",  "--username",       "y", "--role", "picker",
      "--warehouse", "NOPE", "--password-stdin", NULL};
  assert_int_equal(cli(badwh, "0123456789\n"), 1);
}

/* @a s calling from local address @a addr (another client to the server). */
static struct api_server
from(const char *addr)
{
  struct api_server s = srv;
  snprintf(s.source_addr, sizeof s.source_addr, "%s", addr);
  s.token[0] = '\0';
  return s;
}

/*
 * Wrong passwords for a name lock that name only from the address they
 * came from: the right password from an address with no failures still
 * logs in, and a success elsewhere does not forgive the failing address.
 * Failures from several addresses slow the failing ones down (429 for a
 * few seconds), never the clean ones. depot user unlock and depot user
 * passwd lift the lock.
 */
static void
a_name_is_locked_per_address_and_unlocked_by_the_cli(void **state)
{
  assert_true(api_add_user(&srv, "boss", "admin", NULL, "boss password 1"));
  char token[80];
  struct api_server a = from("127.0.0.3"), b = from("127.0.0.4"),
                    c = from("127.0.0.5"), d = from("127.0.0.6");
  for (int i = 0; i < 5; i++)
    assert_int_equal(api_login(&a, "boss", "guess", token, NULL), 401);
  assert_int_equal(api_login(&a, "boss", "boss password 1", token, NULL), 429);
  assert_int_equal(api_login(&srv, "boss", "boss password 1", token, NULL),
                   200);
  assert_int_equal(api_login(&a, "boss", "boss password 1", token, NULL), 429);
  /* Spread over addresses: each failing address waits; a clean one not. */
  for (int i = 0; i < 4; i++)
    assert_int_equal(api_login(&b, "boss", "guess", token, NULL), 401);
  assert_int_equal(api_login(&c, "boss", "guess", token, NULL), 401);
  struct api_reply r;
  assert_true(api_json(&c, "POST", "/api/v1/auth/login",
                       "{\"username\":\"boss\",\"password\":\"guess\"}", &r));
  assert_int_equal(r.status, 429);
  long retry = strtol(r.retry_after, NULL, 10);
  assert_true(retry > 0 && retry <= 60);
  api_reply_clear(&r);
  assert_int_equal(api_login(&d, "boss", "boss password 1", token, NULL), 200);
  /* depot user unlock lifts it everywhere; an unknown name is an error. */
  const char *unlock[] = {"user", "unlock", "boss", NULL};
  assert_int_equal(cli(unlock, NULL), 0);
  assert_int_equal(api_login(&a, "boss", "boss password 1", token, NULL), 200);
  const char *nobody[] = {"user", "unlock", "nobody", NULL};
  assert_int_equal(cli(nobody, NULL), 1);
  /* So does a new password. */
  for (int i = 0; i < 5; i++)
    assert_int_equal(api_login(&a, "boss", "guess", token, NULL), 401);
  assert_int_equal(api_login(&a, "boss", "boss password 1", token, NULL), 429);
  const char *passwd[] = {"user", "passwd", "boss", "--password-stdin", NULL};
  assert_int_equal(cli(passwd, "boss password 2\n"), 0);
  assert_int_equal(api_login(&a, "boss", "boss password 2", token, NULL), 200);
}

/*
 * A floor behind one NAT: its people's own typos (known names) never lock
 * the address, however many; only unknown names count towards its 50.
 */
static void
typos_of_known_names_do_not_lock_a_floor(void **state)
{
  struct api_server floor = from("127.0.0.7");
  char name[32], token[80];
  for (int u = 0; u < 14; u++) {
    snprintf(name, sizeof name, "floor%d", u);
    assert_true(api_add_user(&srv, name, "picker", NULL, "floor password"));
    for (int i = 0; i < 4; i++)
      assert_int_equal(api_login(&floor, name, "typo", token, NULL), 401);
  }
  assert_int_equal(api_login(&floor, "floor0", "floor password", token, NULL),
                   200);
}

/*
 * 50 failures with unknown names from one address lock every name from it,
 * even one that never failed. Last: it locks this test's client address.
 */
static void
fifty_failures_from_one_address_lock_it(void **state)
{
  char token[80], name[32];
  for (int i = 0; i < 50; i++) {
    snprintf(name, sizeof name, "nobody%d", i % 12);
    long st = api_login(&srv, name, "wrong wrong wrong", token, NULL);
    if (st == 429)
      break; /* earlier tests' failures count too */
    assert_int_equal(st, 401);
  }
  struct api_reply r;
  assert_int_equal(as("", "POST", "/api/v1/auth/login",
                      "{\"username\":\"clerk\",\"password\":\"clerk "
                      "password 1\"}",
                      &r),
                   429);
  assert_true(strtol(r.retry_after, NULL, 10) > 0);
  api_reply_clear(&r);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(login_returns_token_and_stores_argon2id),
      cmocka_unit_test(wrong_password_401_then_429_even_when_right),
      cmocka_unit_test(parallel_guesses_are_counted_in_full),
      cmocka_unit_test(no_session_is_401_and_picker_is_403),
      cmocka_unit_test(warehouse_limited_user_sees_only_its_warehouse),
      cmocka_unit_test(cookie_session_needs_csrf_to_change_anything),
      cmocka_unit_test(bearer_logout_ends_the_session),
      cmocka_unit_test(badge_and_pin_log_a_picker_in),
      cmocka_unit_test(api_keys_are_scope_checked_and_revocable),
      cmocka_unit_test(hostile_input_gets_the_error_shape),
      cmocka_unit_test(security_headers_and_append_only_audit),
      cmocka_unit_test(committed_change_has_its_audit_row_in_its_transaction),
      cmocka_unit_test(idle_and_absolute_timeouts_end_sessions),
      cmocka_unit_test(cli_passwd_and_disable_end_sessions),
      cmocka_unit_test(a_name_is_locked_per_address_and_unlocked_by_the_cli),
      cmocka_unit_test(typos_of_known_names_do_not_lock_a_floor),
      cmocka_unit_test(fifty_failures_from_one_address_lock_it),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
