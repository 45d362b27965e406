#include "fault_load.h"

#include <libpq-fe.h>
#include <pthread.h>
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

enum { SKUS = 10, RETRY_MS = 100, RETRY_FOR_MS = 60000 };

static atomic_int tote_counter = 1;

/* Sends @a s once; records the answer; true when there was one. */
static bool
send_once(struct fault_handheld *h, struct fault_sent *s, json_t **view)
{
  struct api_reply r;
  bool got = api_json(&h->who, "POST", s->path, s->body, &r);
  /* Through HAProxy a node that died with the request in hand answers
   * 502 (or 504): no answer from Depot, as when no reply came at all. */
  if (got && (r.status == 502 || r.status == 504)) {
    api_reply_clear(&r);
    got = false;
  }
  s->status = got ? r.status : 0;
  if (got && r.status == 503) {
    atomic_fetch_add(h->saw_503, 1);
    const char *code = api_error_code(&r);
    if (strcmp(code, "database_unavailable") != 0 &&
        strcmp(code, "database_busy") != 0)
      atomic_fetch_add(h->bad_503, 1);
  }
  if (got && r.status == 200) {
    free(s->reply);
    s->reply = strdup(r.body);
    json_decref(*view);
    *view = json_incref(r.json);
  }
  api_reply_clear(&r);
  return got;
}

/*
 * One scan with a fresh key; with retry, the same scan again (same key)
 * while the server does not answer or answers 503. True on a 200.
 */
static bool
scan(struct fault_handheld *h, int64_t list, const char *code, long long qty,
     json_t **view)
{
  if (h->n == FAULT_MAX_SCANS)
    return false;
  struct fault_sent *s = &h->scans[h->n++];
  snprintf(s->path, sizeof s->path, "/api/v1/picklists/%lld/scan",
           (long long)list);
  snprintf(s->body, sizeof s->body,
           "{\"code\":\"%s\",\"qty\":%lld,\"idempotency_key\":\"h%d-%d\"}",
           code, qty > 0 ? qty : 1, h->index, h->n);
  for (int waited = 0;; waited += RETRY_MS) {
    bool got = send_once(h, s, view);
    if (!h->retry || (got && s->status != 503) || waited >= RETRY_FOR_MS)
      break;
    h->resends++;
    usleep(RETRY_MS * 1000);
  }
  return s->status == 200;
}

static const char *
task(const json_t *v, const char *k)
{
  return json_string_value(json_object_get(json_object_get(v, "task"), k));
}

/* The code the current instruction of @a v wants, and its quantity. */
static void
next_code(const json_t *v, char *code, size_t len, long long *qty)
{
  const char *action = json_string_value(json_object_get(v, "action"));
  *qty = 0;
  if (strcmp(action, "scan_bin") == 0) {
    snprintf(code, len, "%s", task(v, "bin"));
  } else if (strcmp(action, "scan_item") == 0) {
    snprintf(code, len, "BC-%s", task(v, "sku") + 4);
    *qty = json_integer_value(
        json_object_get(json_object_get(v, "task"), "remaining"));
  } else if (task(v, "tote") != NULL) {
    snprintf(code, len, "%s", task(v, "tote"));
  } else {
    snprintf(code, len, "T%04d", atomic_fetch_add(&tote_counter, 1));
  }
}

/* Walks list @a v (taken); false once the server is gone. */
static bool
walk(struct fault_handheld *h, json_t *v)
{
  int64_t list = json_integer_value(json_object_get(v, "picklist"));
  bool alive = true;
  int refusals = 0;
  while (alive && refusals < 5 &&
         strcmp(json_string_value(json_object_get(v, "action")), "done") != 0) {
    char code[32];
    long long qty;
    next_code(v, code, sizeof code, &qty);
    alive = scan(h, list, code, qty, &v);
    /* A refusal (a tote another handheld took) is not the fault. */
    if (!alive && h->scans[h->n - 1].status == 409) {
      alive = true;
      refusals++;
    }
  }
  json_decref(v);
  return alive;
}

void *
fault_run(void *cls)
{
  struct fault_handheld *h = cls;
  for (;;) {
    struct api_reply r;
    bool got = api_json(&h->who, "POST", "/api/v1/picklists/next",
                        "{\"warehouse\":\"F1\"}", &r);
    if (got && (r.status == 503 || r.status == 502 || r.status == 504) &&
        h->retry) {
      api_reply_clear(&r);
      usleep(RETRY_MS * 1000);
      continue;
    }
    if (!got || r.status != 200 ||
        json_is_null(json_object_get(r.json, "picklist"))) {
      api_reply_clear(&r);
      return NULL;
    }
    json_t *v = json_incref(r.json);
    api_reply_clear(&r);
    if (!walk(h, v))
      return NULL;
  }
}

/* The warehouse, its bins and totes, a store and SKUs for @a orders. */
static void
business(const struct api_server *a, int orders)
{
  api_step_ok(a, "POST", "/api/v1/warehouses",
              "{\"code\":\"F1\",\"name\":\"fault\"}", 201);
  api_step_ok(a, "POST", "/api/v1/warehouses/F1/zones",
              "{\"code\":\"P\",\"type\":\"pick\"}", 201);
  api_step_ok(a, "POST", "/api/v1/warehouses/F1/bins/generate",
              "{\"zone\":\"P\",\"aisles\":\"A-B\",\"racks\":\"1-10\","
              "\"levels\":\"1\",\"positions\":\"1\",\"pattern\":"
              "\"{aisle}-{rack:02}\"}",
              201);
  /* A tote per order and as many again for scans refused and resent
   * (each takes a fresh code): at full size (64 handhelds, 2,560 orders)
   * a fixed 2,000 ran out, every tote scan was refused and the handhelds
   * went round their lists until the timeout. */
  int totes = 2 * orders + 200 > 9999 ? 9999 : 2 * orders + 200;
  char tb[96];
  snprintf(tb, sizeof tb, "{\"prefix\":\"T\",\"from\":1,\"to\":%d,\"width\":4}",
           totes < 2000 ? 2000 : totes);
  api_step_ok(a, "POST", "/api/v1/warehouses/F1/totes", tb, 201);
  api_step_ok(a, "POST", "/api/v1/stores",
              "{\"code\":\"FS\",\"name\":\"s\",\"channel\":\"api\","
              "\"warehouse\":\"F1\",\"currency\":\"CNY\"}",
              201);
  for (int i = 1; i <= SKUS; i++) {
    char body[256];
    snprintf(body, sizeof body,
             "{\"sku\":\"SKU-%d\",\"name\":\"i\",\"barcodes\":[{\"code\":"
             "\"BC-%d\"}]}",
             i, i);
    api_step_ok(a, "POST", "/api/v1/products", body, 201);
    snprintf(body, sizeof body,
             "{\"warehouse\":\"F1\",\"bin\":\"A-%02d\",\"sku\":\"SKU-%d\","
             "\"qty_delta\":5000}",
             i, i);
    api_step_ok(a, "POST", "/api/v1/stock/adjustments", body, 201);
  }
}

void
fault_setup(const struct api_server *a, int n)
{
  business(a, n);
  for (int i = 0; i < n; i++) {
    char body[700];
    snprintf(body, sizeof body,
             "{\"store\":\"FS\",\"external_id\":\"K%05d\",\"currency\":"
             "\"CNY\",\"ship_to\":{\"name\":\"n\",\"line1\":\"l\",\"city\":"
             "\"c\",\"country_code\":\"CN\"},\"lines\":[{\"sku\":\"SKU-%d\","
             "\"qty\":2,\"unit_price\":\"1.00\"},{\"sku\":\"SKU-%d\","
             "\"qty\":1,\"unit_price\":\"1.00\"}]}",
             i, i % SKUS + 1, (i + 3) % SKUS + 1);
    api_step_ok(a, "POST", "/api/v1/orders", body, 201);
  }
  api_step_ok(a, "POST", "/api/v1/waves",
              "{\"warehouse\":\"F1\",\"batch_size\":1,\"max_orders\":5000}",
              201);
}

void
fault_add_handhelds(const struct api_server *s, const char *env_db, int n,
                    struct fault_handheld *units)
{
  const char *env[] = {env_db, "DEPOT_LOG_LEVEL=warn", NULL};
  for (int i = 0; i < n; i++) {
    char name[16], out[1024];
    snprintf(name, sizeof name, "h%02d", i);
    const char *args[] = {
        "user",        "add", "--username",       name, "--role", "picker",
        "--warehouse", "F1",  "--password-stdin", NULL};
    int rc =
        api_run_depot_input(args, env, "correct horse 42\n", out, sizeof out);
    if (rc != 0)
      fail_msg("depot user add %s: rc %d: %s", name, rc, out);
    units[i].who = *s;
    units[i].index = i;
    assert_int_equal(
        api_login(s, name, "correct horse 42", units[i].who.token, NULL), 200);
  }
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

/* One integer from the database at @a conninfo. */
static long long
sql_int(const char *conninfo, const char *sql)
{
  PGconn *pg = PQconnectdb(conninfo);
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

/* Acknowledged scans are stored once; re-sent, they answer the same. */
static void
check_acknowledged(PGconn *pg, struct fault_handheld *h, int *acked)
{
  for (int j = 0; j < h->n; j++) {
    struct fault_sent *s = &h->scans[j];
    if (s->status != 200)
      continue;
    (*acked)++;
    json_t *body = json_loads(s->body, 0, NULL);
    assert_true(stored_once(
        pg, json_string_value(json_object_get(body, "idempotency_key"))));
    json_decref(body);
    struct api_reply r;
    assert_true(api_json(&h->who, "POST", s->path, s->body, &r));
    assert_int_equal(r.status, 200);
    json_t *first = json_loads(s->reply, 0, NULL);
    assert_true(json_equal(first, r.json));
    json_decref(first);
    api_reply_clear(&r);
  }
}

/* Scans without an answer, re-sent twice with their keys. */
static void
resend_unanswered(struct fault_handheld *h, int *lost)
{
  for (int j = 0; j < h->n; j++) {
    struct fault_sent *s = &h->scans[j];
    if (s->status != 0 && s->status != 503)
      continue;
    (*lost)++;
    for (int k = 0; k < 2; k++) {
      struct api_reply r;
      assert_true(api_json(&h->who, "POST", s->path, s->body, &r));
      assert_true(r.status == 200 || r.status == 409);
      api_reply_clear(&r);
    }
  }
}

void
fault_check(const char *conninfo, struct fault_handheld *units, int n,
            int *acked, int *lost)
{
  *acked = *lost = 0;
  PGconn *pg = PQconnectdb(conninfo);
  for (int i = 0; i < n; i++)
    check_acknowledged(pg, &units[i], acked);
  PQfinish(pg);
  for (int i = 0; i < n; i++)
    resend_unanswered(&units[i], lost);
  /* Every pick move belongs to a task's progress, and the reverse. */
  assert_int_equal(
      sql_int(conninfo,
              "SELECT (SELECT coalesce(sum(qty), 0) FROM stock_move"
              " WHERE reason = 'pick') - (SELECT coalesce(sum(picked_qty), 0)"
              " FROM pick_task)"),
      0);
  assert_int_equal(
      sql_int(conninfo,
              "SELECT count(*) FROM pick_task WHERE picked_qty > qty"),
      0);
}

void
fault_clear(struct fault_handheld *units, int n)
{
  for (int i = 0; units != NULL && i < n; i++)
    for (int j = 0; j < units[i].n; j++)
      free(units[i].scans[j].reply);
}
