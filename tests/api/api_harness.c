#include "api_harness.h"

#include "core_config.h"
#include "ops_pgctl.h"

#include <curl/curl.h>
#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { START_TIMEOUT_MS = 120000 };

const char *
api_depot_bin(void)
{
  const char *b = getenv("DEPOT_BIN");
  return b != NULL ? b : "build/depot";
}

bool
api_sockdir(const char *dir, char *out, size_t len)
{
  struct core_config cfg;
  char err[200];
  core_config_init(&cfg, err, sizeof err);
  free(cfg.data_dir);
  cfg.data_dir = strdup(dir);
  struct ops_pgctl pc;
  bool ok = ops_pgctl_init(&pc, &cfg) == CORE_EC_OK;
  if (ok)
    snprintf(out, len, "%s", pc.sockdir);
  ops_pgctl_clear(&pc);
  core_config_clear(&cfg);
  return ok;
}

/* Socket directory of the shared test cluster, as depot computes it. */
static bool
shared_sockdir(char *out, size_t len)
{
  const char *dir = getenv("DEPOT_TEST_DATA_DIR");
  if (dir == NULL) {
    fprintf(stderr,
            "harness: DEPOT_TEST_DATA_DIR is not set (run via ctest)\n");
    return false;
  }
  return api_sockdir(dir, out, len);
}

bool
api_fresh_database(const char *name, char *url, size_t url_len)
{
  char sock[256];
  if (!shared_sockdir(sock, sizeof sock))
    return false;
  char ci[400];
  snprintf(ci, sizeof ci, "host=%s port=5432 dbname=postgres user=depot", sock);
  PGconn *pg = PQconnectdb(ci);
  bool ok = PQstatus(pg) == CONNECTION_OK;
  char sql[200];
  for (int i = 0; ok && i < 2; i++) {
    snprintf(sql, sizeof sql,
             i == 0 ? "DROP DATABASE IF EXISTS t_%s WITH (FORCE)"
                    : "CREATE DATABASE t_%s",
             name);
    PGresult *r = PQexec(pg, sql);
    ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
      fprintf(stderr, "harness: %s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
  }
  if (PQstatus(pg) != CONNECTION_OK)
    fprintf(stderr, "harness: shared cluster: %s", PQerrorMessage(pg));
  PQfinish(pg);
  snprintf(url, url_len, "host=%s port=5432 dbname=t_%s user=depot", sock,
           name);
  return ok;
}

/* Reads the "serving http://…:PORT/" line the server prints when ready. */
static bool
await_port(struct api_server *s)
{
  char buf[512];
  size_t used = 0;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (;;) {
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms =
        (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    if (ms > START_TIMEOUT_MS)
      break;
    struct pollfd p = {s->stdout_fd, POLLIN, 0};
    if (poll(&p, 1, 200) <= 0)
      continue;
    ssize_t n = read(s->stdout_fd, buf + used, sizeof buf - used - 1);
    if (n <= 0)
      break;
    used += (size_t)n;
    buf[used] = '\0';
    const char *at = strstr(buf, "serving http");
    const char *colon = at != NULL ? strstr(at, "://") : NULL;
    colon = colon != NULL ? strchr(colon + 3, ':') : NULL;
    if (colon != NULL && strchr(colon, '/') != NULL) {
      s->port = (unsigned)strtoul(colon + 1, NULL, 10);
      return s->port > 0;
    }
  }
  fprintf(stderr, "harness: server %s did not start\n", s->name);
  return false;
}

/* The admin every test server starts with (see api_harness.h). */
static bool
add_admin(struct api_server *s)
{
  char env_db[600];
  if (s->own_cluster)
    snprintf(env_db, sizeof env_db, "DEPOT_DATA_DIR=%s", s->data_dir);
  else
    snprintf(env_db, sizeof env_db, "DEPOT_DATABASE_URL=%s", s->database_url);
  const char *env[] = {env_db, "DEPOT_LOG_LEVEL=warn", NULL};
  const char *full[] = {"user",   "add",   "--username",       API_ADMIN_USER,
                        "--role", "admin", "--password-stdin", NULL};
  char out[4096];
  int rc =
      api_run_depot_input(full, env, API_ADMIN_PASSWORD "\n", out, sizeof out);
  if (rc != 0)
    fprintf(stderr, "harness: depot user add admin: rc %d: %s\n", rc, out);
  return rc == 0;
}

bool
api_server_start(struct api_server *s, const char *name, bool own_cluster,
                 const char *const *env)
{
  return api_server_start_args(s, name, own_cluster, env, NULL, NULL);
}

bool
api_server_start_args(struct api_server *s, const char *name, bool own_cluster,
                      const char *const *env, const char *const *args,
                      const char *cainfo)
{
  memset(s, 0, sizeof *s);
  if (cainfo != NULL) {
    s->tls = true;
    snprintf(s->cainfo, sizeof s->cainfo, "%s", cainfo);
  }
  snprintf(s->name, sizeof s->name, "%s", name);
  s->own_cluster = own_cluster;
  if (own_cluster) {
    snprintf(s->data_dir, sizeof s->data_dir, "%s/own-%s",
             getenv("DEPOT_TEST_TMP") ? getenv("DEPOT_TEST_TMP") : "/tmp",
             name);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", s->data_dir);
    if (system(cmd) != 0)
      return false;
  } else if (!api_fresh_database(name, s->database_url,
                                 sizeof s->database_url)) {
    return false;
  }
  if (!add_admin(s))
    return false;
  int fds[2];
  if (pipe(fds) != 0)
    return false;
  s->pid = fork();
  if (s->pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    setenv("DEPOT_LISTEN", "127.0.0.1:0", 1);
    if (own_cluster) {
      unsetenv("DEPOT_DATABASE_URL");
      setenv("DEPOT_DATA_DIR", s->data_dir, 1);
    } else {
      setenv("DEPOT_DATABASE_URL", s->database_url, 1);
    }
    for (const char *const *e = env; e != NULL && *e != NULL; e++)
      putenv((char *)*e);
    const char *argv[16] = {"depot", "serve"};
    int n = 2;
    for (const char *const *a = args; a != NULL && *a != NULL && n < 15; a++)
      argv[n++] = *a;
    argv[n] = NULL;
    execv(api_depot_bin(), (char *const *)argv);
    _exit(127);
  }
  close(fds[1]);
  s->stdout_fd = fds[0];
  if (s->pid < 0 || !await_port(s)) {
    api_server_stop(s);
    return false;
  }
  if (api_login(s, API_ADMIN_USER, API_ADMIN_PASSWORD, s->token, NULL) != 200) {
    fprintf(stderr, "harness: admin login failed\n");
    api_server_stop(s);
    return false;
  }
  return true;
}

bool
api_add_user(const struct api_server *s, const char *username, const char *role,
             const char *warehouse, const char *password)
{
  char env_db[600], input[300];
  snprintf(env_db, sizeof env_db, "DEPOT_DATABASE_URL=%s", s->database_url);
  snprintf(input, sizeof input, "%s\n", password);
  const char *env[] = {env_db, "DEPOT_LOG_LEVEL=warn", NULL};
  const char *args[] = {"user",   "add", "--username",       username,
                        "--role", role,  "--password-stdin", NULL,
                        NULL,     NULL};
  if (warehouse != NULL) {
    args[7] = "--warehouse";
    args[8] = warehouse;
  }
  char out[4096];
  int rc = api_run_depot_input(args, env, input, out, sizeof out);
  if (rc != 0)
    fprintf(stderr, "harness: depot user add %s: rc %d: %s\n", username, rc,
            out);
  return rc == 0;
}

bool
api_make_key(const struct api_server *s, const char *const *opts, char *key,
             size_t len)
{
  char env_db[600], out[4096];
  snprintf(env_db, sizeof env_db, "DEPOT_DATABASE_URL=%s", s->database_url);
  const char *env[] = {env_db, "DEPOT_LOG_LEVEL=warn", NULL};
  const char *args[24] = {"apikey", "create"};
  size_t n = 2;
  for (; opts[n - 2] != NULL && n < 23; n++)
    args[n] = opts[n - 2];
  args[n] = NULL;
  int rc = api_run_depot(args, env, out, sizeof out);
  const char *k = rc == 0 ? strstr(out, "dpk_") : NULL;
  if (k == NULL) {
    fprintf(stderr, "harness: depot apikey create: rc %d: %s\n", rc, out);
    return false;
  }
  snprintf(key, len, "%.68s", k);
  return true;
}

long
api_login(const struct api_server *s, const char *username,
          const char *password, char *token, char *csrf)
{
  json_t *body =
      json_pack("{s:s, s:s}", "username", username, "password", password);
  char *text = json_dumps(body, JSON_COMPACT);
  json_decref(body);
  struct api_server anon = *s;
  anon.token[0] = '\0';
  struct api_reply r;
  bool ok = api_json(&anon, "POST", "/api/v1/auth/login", text, &r);
  free(text);
  long status = ok ? r.status : 0;
  if (status == 200) {
    snprintf(token, 80, "%s",
             json_string_value(json_object_get(r.json, "token")));
    if (csrf != NULL)
      snprintf(csrf, 80, "%s",
               json_string_value(json_object_get(r.json, "csrf_token")));
  }
  api_reply_clear(&r);
  return status;
}

/* Every test database must end with a sound ledger: depot check stock. */
static int
check_stock(const struct api_server *s)
{
  char env_url[600], out[8192];
  snprintf(env_url, sizeof env_url, "DEPOT_DATABASE_URL=%s", s->database_url);
  const char *args[] = {"check", "stock", NULL};
  const char *env[] = {env_url, NULL};
  int rc = api_run_depot(args, env, out, sizeof out);
  if (rc != 0)
    fprintf(stderr, "harness: depot check stock on %s failed:\n%s\n", s->name,
            out);
  return rc;
}

int
api_server_stop(struct api_server *s)
{
  int status = -1;
  if (s->pid > 0) {
    kill(s->pid, SIGTERM);
    while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR)
      ;
    s->pid = 0;
  }
  if (s->stdout_fd > 0)
    close(s->stdout_fd);
  s->stdout_fd = 0;
  int rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (rc == 0 && !s->own_cluster && s->database_url[0] != '\0' &&
      check_stock(s) != 0)
    rc = 99;
  return rc;
}

struct sink {
  char *data;
  size_t len;
};

static size_t
on_body(char *ptr, size_t size, size_t n, void *cls)
{
  struct sink *s = cls;
  size_t add = size * n;
  char *grown = realloc(s->data, s->len + add + 1);
  if (grown == NULL)
    return 0;
  s->data = grown;
  memcpy(s->data + s->len, ptr, add);
  s->len += add;
  s->data[s->len] = '\0';
  return add;
}

/* Copies header @a name's value from line @a line into @a dst if it matches. */
static void
grab(const char *line, size_t len, const char *name, char *dst, size_t dlen)
{
  size_t nl = strlen(name);
  if (len <= nl + 1 || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
    return;
  const char *v = line + nl + 1;
  while (*v == ' ')
    v++;
  size_t vl = len - (size_t)(v - line);
  while (vl > 0 && (v[vl - 1] == '\r' || v[vl - 1] == '\n'))
    vl--;
  snprintf(dst, dlen, "%.*s", (int)vl, v);
}

static size_t
on_header(char *line, size_t size, size_t n, void *cls)
{
  struct api_reply *r = cls;
  size_t len = size * n;
  grab(line, len, "X-Request-Id", r->request_id, sizeof r->request_id);
  grab(line, len, "Allow", r->allow, sizeof r->allow);
  grab(line, len, "Content-Type", r->content_type, sizeof r->content_type);
  grab(line, len, "Retry-After", r->retry_after, sizeof r->retry_after);
  grab(line, len, "Set-Cookie", r->set_cookie, sizeof r->set_cookie);
  size_t used = strlen(r->headers);
  if (used + len < sizeof r->headers) {
    memcpy(r->headers + used, line, len);
    r->headers[used + len] = '\0';
  }
  return len;
}

bool
api_call(const struct api_server *s, const char *method, const char *path,
         const char *body, size_t body_len, const char *content_type,
         const char *const *headers, struct api_reply *out)
{
  memset(out, 0, sizeof *out);
  CURL *c = curl_easy_init();
  char url[8192];
  snprintf(url, sizeof url, "%s://127.0.0.1:%u%s", s->tls ? "https" : "http",
           s->port, path);
  struct curl_slist *hl = NULL;
  char ct[200];
  snprintf(ct, sizeof ct, "Content-Type: %s",
           content_type != NULL ? content_type : "application/json");
  if (body != NULL)
    hl = curl_slist_append(hl, ct);
  bool own_credentials = false;
  for (const char *const *h = headers; h != NULL && *h != NULL; h++) {
    hl = curl_slist_append(hl, *h);
    own_credentials = own_credentials ||
                      strncasecmp(*h, "Authorization:", 14) == 0 ||
                      strncasecmp(*h, "Cookie:", 7) == 0;
  }
  char auth[128];
  if (s->token[0] != '\0' && !own_credentials) {
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", s->token);
    hl = curl_slist_append(hl, auth);
  }
  if (s->tls)
    curl_easy_setopt(c, CURLOPT_CAINFO, s->cainfo);
  /* Another loopback address (127.0.0.2) is another client to the server. */
  if (s->source_addr[0] != '\0')
    curl_easy_setopt(c, CURLOPT_INTERFACE, s->source_addr);
  struct sink sink = {NULL, 0};
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
  if (strcmp(method, "HEAD") == 0)
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  if (body != NULL) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, out);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
  CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK)
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
  else
    fprintf(stderr, "harness: %s %s: %s\n", method, path,
            curl_easy_strerror(rc));
  curl_slist_free_all(hl);
  curl_easy_cleanup(c);
  out->body = sink.data != NULL ? sink.data : strdup("");
  out->body_len = sink.len;
  out->json = json_loads(out->body, 0, NULL);
  return rc == CURLE_OK;
}

bool
api_json(const struct api_server *s, const char *method, const char *path,
         const char *body, struct api_reply *out)
{
  return api_call(s, method, path, body, body != NULL ? strlen(body) : 0, NULL,
                  NULL, out);
}

void
api_reply_clear(struct api_reply *r)
{
  json_decref(r->json);
  free(r->body);
  memset(r, 0, sizeof *r);
}

static const char *
error_member(const struct api_reply *r, const char *key)
{
  json_t *e = json_object_get(r->json, "error");
  const char *v = json_string_value(json_object_get(e, key));
  return v != NULL ? v : "";
}

const char *
api_error_code(const struct api_reply *r)
{
  return error_member(r, "code");
}

const char *
api_error_field(const struct api_reply *r)
{
  return error_member(r, "field");
}

int
api_run_depot(const char *const *args, const char *const *env, char *out,
              size_t out_len)
{
  return api_run_depot_input(args, env, NULL, out, out_len);
}

int
api_run_depot_input(const char *const *args, const char *const *env,
                    const char *input, char *out, size_t out_len)
{
  int fds[2], in[2];
  if (pipe(fds) != 0)
    return -1;
  if (pipe(in) != 0) {
    close(fds[0]);
    close(fds[1]);
    return -1;
  }
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in[0], 0);
    close(in[0]);
    close(in[1]);
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    close(fds[0]);
    close(fds[1]);
    for (const char *const *e = env; e != NULL && *e != NULL; e++)
      putenv((char *)*e);
    const char *argv[16] = {"depot"};
    int n = 1;
    for (const char *const *a = args; *a != NULL && n < 15; a++)
      argv[n++] = *a;
    argv[n] = NULL;
    execv(api_depot_bin(), (char *const *)argv);
    _exit(127);
  }
  close(fds[1]);
  close(in[0]);
  /* Inputs are a few lines: they fit the pipe, so this cannot block. */
  if (input != NULL && write(in[1], input, strlen(input)) < 0)
    perror("harness: stdin of depot");
  close(in[1]);
  size_t used = 0;
  ssize_t k;
  /* Past the caller's buffer the rest is drained and dropped: closing the
   * pipe early would kill a chatty child (pg_restore --verbose) by SIGPIPE. */
  char spill[4096];
  for (;;) {
    bool room = out_len > 0 && used + 1 < out_len;
    k = room ? read(fds[0], out + used, out_len - used - 1)
             : read(fds[0], spill, sizeof spill);
    if (k <= 0)
      break;
    if (room)
      used += (size_t)k;
  }
  if (out_len > 0)
    out[used] = '\0';
  close(fds[0]);
  int status = -1;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

json_t *
api_expect(const struct api_server *s, const char *method, const char *path,
           const char *body, long status)
{
  struct api_reply r;
  if (!api_json(s, method, path, body, &r)) {
    api_reply_clear(&r);
    return NULL;
  }
  json_t *out = NULL;
  if (r.status == status)
    out = r.json != NULL ? json_incref(r.json) : json_null();
  else
    fprintf(stderr, "%s %s: expected %ld, got %ld %s\n", method, path, status,
            r.status, r.body);
  api_reply_clear(&r);
  return out;
}

const char *
api_json_error_code(const json_t *j)
{
  const char *c =
      json_string_value(json_object_get(json_object_get(j, "error"), "code"));
  return c != NULL ? c : "";
}

int
api_db_ctl(const struct api_server *s, const char *verb)
{
  char env_dir[600], out[2048];
  snprintf(env_dir, sizeof env_dir, "DEPOT_DATA_DIR=%s", s->data_dir);
  const char *args[] = {"db", verb, NULL};
  const char *env[] = {env_dir, NULL};
  int rc = api_run_depot(args, env, out, sizeof out);
  if (rc != 0)
    fprintf(stderr, "depot db %s: %s\n", verb, out);
  return rc;
}

bool
api_sql_text(const struct api_server *s, const char *sql, char *out, size_t len)
{
  PGconn *pg = PQconnectdb(s->database_url);
  bool ok = PQstatus(pg) == CONNECTION_OK;
  PGresult *r = ok ? PQexec(pg, sql) : NULL;
  ok = ok && (PQresultStatus(r) == PGRES_TUPLES_OK ||
              PQresultStatus(r) == PGRES_COMMAND_OK);
  if (!ok)
    fprintf(stderr, "harness: %s: %s\n", sql, PQerrorMessage(pg));
  if (ok && out != NULL) {
    ok = PQntuples(r) == 1 && !PQgetisnull(r, 0, 0);
    if (ok)
      snprintf(out, len, "%s", PQgetvalue(r, 0, 0));
    else
      fprintf(stderr, "harness: %s: no value\n", sql);
  }
  PQclear(r);
  PQfinish(pg);
  return ok;
}

bool
api_seed_demo(const struct api_server *s)
{
  char env_db[600], out[8192];
  snprintf(env_db, sizeof env_db, "DEPOT_DATABASE_URL=%s", s->database_url);
  const char *env[] = {env_db, "DEPOT_LOG_LEVEL=warn", NULL};
  const char *args[] = {"demo", "seed", NULL};
  if (api_run_depot(args, env, out, sizeof out) == 0)
    return true;
  fprintf(stderr, "harness: demo seed: %s\n", out);
  return false;
}
