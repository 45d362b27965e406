/*
 * kill -9 during a scan load: handhelds pick by scan against a real server
 * that is killed mid-load and started again on the same database. Then
 * `depot check stock` passes, every scan a handheld saw acknowledged is
 * stored exactly once, every pick move matches its task (no half-done
 * pick), and re-sending every scan with its key (acknowledged or lost in
 * the crash) moves nothing twice. FAULT_HANDHELDS and FAULT_LOAD_MS size
 * it: `make test` runs a short form, `make test-faults` the 64.
 */
#include "api_harness.h"

#include <libpq-fe.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "api_steps.h"

enum { MAX_HANDHELDS = 64, MAX_SCANS = 4096, SKUS = 10 };

static struct api_server a, b;
static int handhelds = 16, load_ms = 1500;
static struct api_server hh[MAX_HANDHELDS];

/* One scan a handheld sent, and what came back. */
struct sent {
  char path[64];
  char body[160];
  long status; /* 0: no reply (the server died) */
  char *reply; /* the body of a 200 */
};

struct handheld {
  const struct api_server *who;
  int n;
  struct sent scans[MAX_SCANS];
  atomic_int next_tote;
};

static struct handheld *units;
static atomic_int tote_counter;

/* One scan with a fresh key; records it; false once the server is gone. */
static bool
scan(struct handheld *h, int64_t list, const char *code, long long qty, int idx,
     json_t **view)
{
  if (h->n == MAX_SCANS)
    return false;
  struct sent *s = &h->scans[h->n++];
  snprintf(s->path, sizeof s->path, "/api/v1/picklists/%lld/scan",
           (long long)list);
  snprintf(s->body, sizeof s->body,
           "{\"code\":\"%s\",\"qty\":%lld,\"idempotency_key\":\"h%d-%d\"}",
           code, qty > 0 ? qty : 1, idx, h->n);
  struct api_reply r;
  bool got = api_json(h->who, "POST", s->path, s->body, &r);
  s->status = got ? r.status : 0;
  if (got && r.status == 200) {
    s->reply = strdup(r.body);
    json_decref(*view);
    *view = json_incref(r.json);
  }
  api_reply_clear(&r);
  return got && s->status == 200;
}

static const char *
task(const json_t *v, const char *k)
{
  return json_string_value(json_object_get(json_object_get(v, "task"), k));
}

/* Picks lists until the server dies or the work runs out. */
static void *
run(void *cls)
{
  int idx = (int)(intptr_t)cls;
  struct handheld *h = &units[idx];
  for (;;) {
    struct api_reply r;
    if (!api_json(h->who, "POST", "/api/v1/picklists/next",
                  "{\"warehouse\":\"F1\"}", &r) ||
        r.status != 200 || json_is_null(json_object_get(r.json, "picklist"))) {
      api_reply_clear(&r);
      return NULL;
    }
    json_t *v = json_incref(r.json);
    api_reply_clear(&r);
    int64_t list = json_integer_value(json_object_get(v, "picklist"));
    bool alive = true;
    int refusals = 0;
    while (alive && refusals < 5) {
      const char *action = json_string_value(json_object_get(v, "action"));
      char code[32];
      long long qty = 0;
      if (strcmp(action, "done") == 0)
        break;
      if (strcmp(action, "scan_bin") == 0) {
        snprintf(code, sizeof code, "%s", task(v, "bin"));
      } else if (strcmp(action, "scan_item") == 0) {
        snprintf(code, sizeof code, "BC-%s", task(v, "sku") + 4);
        qty = json_integer_value(
            json_object_get(json_object_get(v, "task"), "remaining"));
      } else if (task(v, "tote") != NULL) {
        snprintf(code, sizeof code, "%s", task(v, "tote"));
      } else {
        snprintf(code, sizeof code, "T%04d",
                 atomic_fetch_add(&tote_counter, 1));
      }
      alive = scan(h, list, code, qty, idx, &v);
      /* A refusal (a tote another handheld took) is not the crash. */
      if (!alive && h->n > 0 && h->scans[h->n - 1].status == 409) {
        alive = true;
        refusals++;
      }
    }
    json_decref(v);
    if (!alive)
      return NULL;
  }
}

static void
setup_business(void)
{
  api_step_ok(&a, "POST", "/api/v1/warehouses",
              "{\"code\":\"F1\",\"name\":\"fault\"}", 201);
  api_step_ok(&a, "POST", "/api/v1/warehouses/F1/zones",
              "{\"code\":\"P\",\"type\":\"pick\"}", 201);
  api_step_ok(&a, "POST", "/api/v1/warehouses/F1/bins/generate",
              "{\"zone\":\"P\",\"aisles\":\"A-B\",\"racks\":\"1-10\","
              "\"levels\":\"1\",\"positions\":\"1\",\"pattern\":"
              "\"{aisle}-{rack:02}\"}",
              201);
  api_step_ok(&a, "POST", "/api/v1/warehouses/F1/totes",
              "{\"prefix\":\"T\",\"from\":1,\"to\":2000,\"width\":4}", 201);
  api_step_ok(&a, "POST", "/api/v1/stores",
              "{\"code\":\"FS\",\"name\":\"s\",\"channel\":\"api\","
              "\"warehouse\":\"F1\",\"currency\":\"CNY\"}",
              201);
  for (int i = 1; i <= SKUS; i++) {
    char body[256];
    snprintf(body, sizeof body,
             "{\"sku\":\"SKU-%d\",\"name\":\"i\",\"barcodes\":[{\"code\":"
             "\"BC-%d\"}]}",
             i, i);
    api_step_ok(&a, "POST", "/api/v1/products", body, 201);
    snprintf(body, sizeof body,
             "{\"warehouse\":\"F1\",\"bin\":\"A-%02d\",\"sku\":\"SKU-%d\","
             "\"qty_delta\":5000}",
             i, i);
    api_step_ok(&a, "POST", "/api/v1/stock/adjustments", body, 201);
  }
}

static void
setup_orders(int n)
{
  for (int i = 0; i < n; i++) {
    char body[700];
    snprintf(body, sizeof body,
             "{\"store\":\"FS\",\"external_id\":\"K%05d\",\"currency\":"
             "\"CNY\",\"ship_to\":{\"name\":\"n\",\"line1\":\"l\",\"city\":"
             "\"c\",\"country_code\":\"CN\"},\"lines\":[{\"sku\":\"SKU-%d\","
             "\"qty\":2,\"unit_price\":\"1.00\"},{\"sku\":\"SKU-%d\","
             "\"qty\":1,\"unit_price\":\"1.00\"}]}",
             i, i % SKUS + 1, (i + 3) % SKUS + 1);
    api_step_ok(&a, "POST", "/api/v1/orders", body, 201);
  }
  api_step_ok(&a, "POST", "/api/v1/waves",
              "{\"warehouse\":\"F1\",\"batch_size\":1,\"max_orders\":5000}",
              201);
}

static int
setup(void **state)
{
  if (getenv("FAULT_HANDHELDS") != NULL)
    handhelds = atoi(getenv("FAULT_HANDHELDS"));
  if (getenv("FAULT_LOAD_MS") != NULL)
    load_ms = atoi(getenv("FAULT_LOAD_MS"));
  if (handhelds < 1 || handhelds > MAX_HANDHELDS || load_ms < 100)
    return -1;
  if (!api_server_start(&a, "fault_crash", false, NULL))
    return -1;
  setup_business();
  setup_orders(handhelds * 12);
  for (int i = 0; i < handhelds; i++) {
    char name[16];
    snprintf(name, sizeof name, "h%02d", i);
    if (!api_add_user(&a, name, "picker", "F1", "correct horse 42"))
      return -1;
    hh[i] = a;
    if (api_login(&a, name, "correct horse 42", hh[i].token, NULL) != 200)
      return -1;
  }
  units = calloc((size_t)handhelds, sizeof *units);
  return units != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
  for (int i = 0; units != NULL && i < handhelds; i++)
    for (int j = 0; j < units[i].n; j++)
      free(units[i].scans[j].reply);
  free(units);
  return api_server_stop(&b) == 0 ? 0 : -1;
}

/* One integer from the database (server A's, which B shares). */
static long long
sql_int(const char *sql)
{
  PGconn *pg = PQconnectdb(a.database_url);
  PGresult *r = PQexec(pg, sql);
  long long v = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1
                    ? atoll(PQgetvalue(r, 0, 0))
                    : -1;
  if (v < 0)
    fprintf(stderr, "sql: %s: %s", sql, PQerrorMessage(pg));
  PQclear(r);
  PQfinish(pg);
  return v;
}

/* Whether idempotency key @a key is stored once. */
static bool
stored_once(PGconn *pg, const char *key)
{
  const char *p[] = {key};
  PGresult *r = PQexecParams(
      pg, "SELECT count(*) FROM floor_scan WHERE idempotency_key = $1", 1, NULL,
      p, NULL, NULL, 0);
  bool one = PQresultStatus(r) == PGRES_TUPLES_OK &&
             strcmp(PQgetvalue(r, 0, 0), "1") == 0;
  PQclear(r);
  return one;
}

static void
kill_server(void)
{
  kill(a.pid, SIGKILL);
  int status;
  waitpid(a.pid, &status, 0);
  a.pid = 0;
}

static void
restart_on_the_same_database(void)
{
  static char env[600];
  snprintf(env, sizeof env, "DEPOT_DATABASE_URL=%s", a.database_url);
  const char *e[] = {env, NULL};
  assert_true(api_server_start(&b, "fault_crash_b", false, e));
  /* The handhelds' sessions live in the database: they carry on. */
  for (int i = 0; i < handhelds; i++)
    hh[i].port = b.port;
}

/* Acknowledged scans are stored once; re-sent, they answer the same. */
static void
check_acknowledged(int *acked, int *lost)
{
  PGconn *pg = PQconnectdb(a.database_url);
  for (int i = 0; i < handhelds; i++) {
    for (int j = 0; j < units[i].n; j++) {
      struct sent *s = &units[i].scans[j];
      if (s->status == 0)
        (*lost)++;
      if (s->status != 200)
        continue;
      (*acked)++;
      json_t *body = json_loads(s->body, 0, NULL);
      assert_true(stored_once(
          pg, json_string_value(json_object_get(body, "idempotency_key"))));
      json_decref(body);
      struct api_reply r;
      assert_true(api_json(&hh[i], "POST", s->path, s->body, &r));
      assert_int_equal(r.status, 200);
      json_t *first = json_loads(s->reply, 0, NULL);
      assert_true(json_equal(first, r.json));
      json_decref(first);
      api_reply_clear(&r);
    }
  }
  PQfinish(pg);
}

/* Scans lost in the crash, re-sent with their keys, apply at most once. */
static void
resend_unanswered(void)
{
  for (int i = 0; i < handhelds; i++) {
    for (int j = 0; j < units[i].n; j++) {
      struct sent *s = &units[i].scans[j];
      if (s->status != 0)
        continue;
      for (int k = 0; k < 2; k++) {
        struct api_reply r;
        assert_true(api_json(&hh[i], "POST", s->path, s->body, &r));
        assert_true(r.status == 200 || r.status == 409);
        api_reply_clear(&r);
      }
    }
  }
}

static void
killed_mid_load_loses_and_doubles_nothing(void **state)
{
  pthread_t t[MAX_HANDHELDS];
  for (int i = 0; i < handhelds; i++) {
    units[i].who = &hh[i];
    pthread_create(&t[i], NULL, run, (void *)(intptr_t)i);
  }
  usleep((useconds_t)load_ms * 1000);
  kill_server();
  for (int i = 0; i < handhelds; i++)
    pthread_join(t[i], NULL);
  restart_on_the_same_database();
  int acked = 0, lost = 0;
  check_acknowledged(&acked, &lost);
  resend_unanswered();
  fprintf(stderr,
          "fault: %d handhelds, %d scans acknowledged before the "
          "kill, %d without a reply\n",
          handhelds, acked, lost);
  assert_true(acked > handhelds);
  /* Every pick move belongs to a task's progress, and the reverse. */
  assert_int_equal(
      sql_int("SELECT (SELECT coalesce(sum(qty), 0) FROM stock_move"
              " WHERE reason = 'pick') - (SELECT coalesce(sum(picked_qty), 0)"
              " FROM pick_task)"),
      0);
  assert_int_equal(sql_int("SELECT count(*) FROM pick_task"
                           " WHERE picked_qty > qty"),
                   0);
  char env[600], out[4096];
  snprintf(env, sizeof env, "DEPOT_DATABASE_URL=%s", a.database_url);
  const char *e[] = {env, "DEPOT_LOG_LEVEL=warn", NULL};
  const char *args[] = {"check", "stock", NULL};
  assert_int_equal(api_run_depot(args, e, out, sizeof out), 0);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(killed_mid_load_loses_and_doubles_nothing),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
