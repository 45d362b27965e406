#include "bench_setup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PICKER_PASSWORD "bench-picker-pass-1"

/* One admin request that must answer @a want. */
static bool
admin(struct bench_ctx *c, const char *method, const char *path,
      const char *body, long want)
{
  json_t *j = NULL;
  long st =
      bench_http_call(&c->target, c->admin_token, method, path, body, &j, NULL);
  if (st != want) {
    char *text = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;
    bench_fail("%s %s: status %ld (want %ld): %s", method, path, st, want,
               text != NULL ? text : "");
    free(text);
  }
  json_decref(j);
  return st == want;
}

bool
bench_setup_shipping(struct bench_ctx *c, const char *store)
{
  char body[256];
  snprintf(body, sizeof body,
           "{\"code\":\"%s\",\"name\":\"bench %s\",\"channel\":\"api\","
           "\"warehouse\":\"W1\",\"currency\":\"CNY\",\"carrier\":\"BEXP\"}",
           store, store);
  char box[128];
  snprintf(box, sizeof box,
           "{\"code\":\"BOX-B\",\"name\":\"bench box\",\"tare_g\":%d}",
           BENCH_CARTON_TARE_G);
  return admin(c, "POST", "/api/v1/carriers",
               "{\"code\":\"BEXP\",\"name\":\"bench express\","
               "\"transit_days\":2,\"tracking\":{\"prefix\":\"BX\","
               "\"digits\":9,\"check_digit\":\"mod10\",\"first\":1,"
               "\"last\":999999999},\"rates\":[{\"zone\":\"domestic\","
               "\"max_weight_g\":30000,\"price\":\"15.00\"}]}",
               201) &&
         admin(c, "POST", "/api/v1/carton-types", box, 201) &&
         admin(c, "POST", "/api/v1/stores", body, 201) &&
         bench_setup_station(c, "BENCH-SHIP");
}

bool
bench_setup_station(struct bench_ctx *c, const char *code)
{
  char body[128];
  snprintf(body, sizeof body, "{\"code\":\"%s\",\"warehouse\":\"W1\"}", code);
  return admin(c, "POST", "/api/v1/stations", body, 201);
}

/* SKU number @a i (1-based) and its bin: aisle A.. per 20, rack 1..20. */
static bool
add_sku(struct bench_ctx *c, unsigned i)
{
  char body[512];
  snprintf(body, sizeof body,
           "{\"sku\":\"SKU-%05u\",\"name\":\"bench item %u\","
           "\"weight_kg\":\"%u.%03u\",\"barcodes\":[{\"code\":\"BC-%05u\"}]}",
           i, i, BENCH_SKU_G / 1000, BENCH_SKU_G % 1000, i);
  if (!admin(c, "POST", "/api/v1/products", body, 201))
    return false;
  snprintf(body, sizeof body,
           "{\"warehouse\":\"W1\",\"bin\":\"%c-%02u\",\"sku\":\"SKU-%05u\","
           "\"qty_delta\":1000000,\"reason\":\"bench stock\"}",
           'A' + (i - 1) / 20, (i - 1) % 20 + 1, i);
  return admin(c, "POST", "/api/v1/stock/adjustments", body, 201);
}

bool
bench_setup_catalog(struct bench_ctx *c)
{
  bool ok = admin(c, "POST", "/api/v1/warehouses",
                  "{\"code\":\"W1\",\"name\":\"bench warehouse\"}", 201) &&
            admin(c, "POST", "/api/v1/warehouses/W1/zones",
                  "{\"code\":\"P\",\"type\":\"pick\"}", 201) &&
            admin(c, "POST", "/api/v1/warehouses/W1/bins/generate",
                  "{\"zone\":\"P\",\"aisles\":\"A-T\",\"racks\":\"1-20\","
                  "\"levels\":\"1\",\"positions\":\"1\","
                  "\"pattern\":\"{aisle}-{rack:02}\"}",
                  201);
  for (unsigned i = 1; ok && i <= BENCH_SKUS; i++)
    ok = add_sku(c, i);
  const char *stores[] = {"WAVE", "SCAN"};
  for (unsigned i = 0; ok && i < 2; i++) {
    char body[256];
    snprintf(body, sizeof body,
             "{\"code\":\"%s\",\"name\":\"bench %s\",\"channel\":\"api\","
             "\"warehouse\":\"W1\",\"currency\":\"CNY\"}",
             stores[i], stores[i]);
    ok = admin(c, "POST", "/api/v1/stores", body, 201);
  }
  return ok;
}

/* Starts `depot user add` for one picker of W1, the password on its
 * stdin; returns the child's pid, or -1. */
static pid_t
user_add_start(struct bench_ctx *c, const char *name)
{
  int fds[2];
  if (pipe(fds) != 0)
    return -1;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[0], 0);
    close(fds[0]);
    close(fds[1]);
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0)
      dup2(null, 1);
    const char *argv[] = {
        c->depot, "user",        "add", "--username",       name, "--role",
        "picker", "--warehouse", "W1",  "--password-stdin", NULL};
    execv(c->depot, (char *const *)argv);
    _exit(127);
  }
  close(fds[0]);
  static const char pw[] = PICKER_PASSWORD "\n";
  bool wrote = pid > 0 && write(fds[1], pw, sizeof pw - 1) == sizeof pw - 1;
  close(fds[1]);
  return wrote ? pid : -1;
}

/* Waits for the user-add children @a pids[0..n); true if all succeeded. */
static bool
user_add_wait(const pid_t *pids, unsigned n)
{
  bool ok = true;
  for (unsigned i = 0; i < n; i++) {
    int status = 0;
    while (pids[i] > 0 && waitpid(pids[i], &status, 0) < 0 && errno == EINTR)
      ;
    ok = ok && pids[i] > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  return ok ? true : bench_fail("depot user add failed");
}

static bool
login(struct bench_ctx *c, const char *name, char *token)
{
  json_t *body =
      json_pack("{s:s, s:s}", "username", name, "password", PICKER_PASSWORD);
  char *text = json_dumps(body, JSON_COMPACT);
  json_decref(body);
  json_t *j = NULL;
  long st = bench_http_call(&c->target, NULL, "POST", "/api/v1/auth/login",
                            text, &j, NULL);
  free(text);
  const char *tok = json_string_value(json_object_get(j, "token"));
  bool ok = st == 200 && tok != NULL && strlen(tok) < BENCH_TOKEN_MAX;
  if (ok)
    snprintf(token, BENCH_TOKEN_MAX, "%s", tok);
  json_decref(j);
  return ok ? true : bench_fail("login %s: status %ld", name, st);
}

bool
bench_setup_pickers(struct bench_ctx *c, const char *prefix, unsigned n,
                    char (*tokens)[BENCH_TOKEN_MAX], int64_t *ids)
{
  enum { PARALLEL = 4 };
  pid_t pids[PARALLEL];
  char name[64];
  for (unsigned i = 0; i < n; i += PARALLEL) {
    unsigned k = 0;
    for (; k < PARALLEL && i + k < n; k++) {
      snprintf(name, sizeof name, "%s%02u", prefix, i + k);
      pids[k] = user_add_start(c, name);
    }
    if (!user_add_wait(pids, k))
      return false;
  }
  for (unsigned i = 0; i < n; i++) {
    snprintf(name, sizeof name, "%s%02u", prefix, i);
    if (!login(c, name, tokens[i]))
      return false;
    const char *p[] = {name};
    if (ids != NULL) {
      ids[i] = bench_setup_sql_int(
          c, "SELECT id FROM app_user WHERE username = $1", 1, p);
      if (ids[i] < 0)
        return false;
    }
  }
  return true;
}

void
bench_setup_tote_code(int64_t order_id, char *out, size_t len)
{
  snprintf(out, len, "T%08lld", (long long)order_id);
}

bool
bench_setup_totes(struct bench_ctx *c)
{
  int64_t top = bench_setup_sql_int(
      c, "SELECT coalesce(max(id), 0) FROM sales_order", 0, NULL);
  return top >= 0 && bench_setup_totes_upto(c, top);
}

bool
bench_setup_totes_upto(struct bench_ctx *c, int64_t top)
{
  while (c->totes_upto < top) {
    int64_t from = c->totes_upto + 1;
    int64_t to = from + 9999 < top ? from + 9999 : top;
    char body[160];
    snprintf(body, sizeof body,
             "{\"prefix\":\"T\",\"from\":%lld,\"to\":%lld,\"width\":8}",
             (long long)from, (long long)to);
    if (!admin(c, "POST", "/api/v1/warehouses/W1/totes", body, 201))
      return false;
    c->totes_upto = to;
  }
  return true;
}

int64_t
bench_setup_sql_int(struct bench_ctx *c, const char *sql, int n,
                    const char *const *params)
{
  PGresult *r = PQexecParams(c->pg, sql, n, NULL, params, NULL, NULL, 0);
  int64_t v = -1;
  if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
      !PQgetisnull(r, 0, 0))
    v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
  else
    bench_fail("query failed: %s: %s", sql, PQresultErrorMessage(r));
  PQclear(r);
  return v;
}

bool
bench_setup_scale(struct bench_ctx *c, unsigned orders, unsigned skus,
                  unsigned bins)
{
  char o[16], k[16], b[16];
  snprintf(o, sizeof o, "%u", orders);
  snprintf(k, sizeof k, "%u", skus);
  snprintf(b, sizeof b, "%u", bins);
  bench_note("depot demo seed --orders %s --skus %s --bins %s", o, k, b);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(2, 1); /* its progress lines belong with the bench's */
    const char *argv[] = {c->depot, "demo", "seed",   "--orders", o,
                          "--skus", k,      "--bins", b,          NULL};
    execv(c->depot, (char *const *)argv);
    _exit(127);
  }
  int status = 0;
  while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  return pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0
             ? true
             : bench_fail("depot demo seed failed");
}

/* Runs `depot key seal` against the benchmark's cluster. */
static bool
key_seal(struct bench_ctx *c)
{
  pid_t pid = fork();
  if (pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1); /* a line per batch: too many for the bench's log */
    const char *argv[] = {c->depot, "key", "seal", NULL};
    execv(c->depot, (char *const *)argv);
    _exit(127);
  }
  int status = 0;
  while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  return pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0
             ? true
             : bench_fail("depot key seal failed");
}

bool
bench_setup_customers(struct bench_ctx *c, unsigned n)
{
  int64_t have = bench_setup_sql_int(
      c, "SELECT count(*) FROM customer WHERE name LIKE 'Bench C %'", 0, NULL);
  if (have < 0)
    return false;
  if (have >= n)
    return true;
  char from[16], to[16];
  snprintf(from, sizeof from, "%lld", (long long)have + 1);
  snprintf(to, sizeof to, "%u", n);
  bench_note("customers %s..%s, then depot key seal", from, to);
  const char *p[] = {from, to};
  PGresult *r = PQexecParams(
      c->pg,
      "INSERT INTO customer (name, email, phone) SELECT 'Bench C ' || g,"
      " 'bc' || g || '@bench.example', '139' || lpad(g::text, 8, '0')"
      " FROM generate_series($1::int, $2::int) g",
      2, NULL, p, NULL, NULL, 0);
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  if (!ok)
    bench_fail("customer seeding failed: %s", PQresultErrorMessage(r));
  PQclear(r);
  return ok && key_seal(c);
}
