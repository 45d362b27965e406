/*
 * Racing replays: a handheld that lost its reply sends the same request
 * again, often while the first is still running. For every route that
 * takes an idempotency key, RACERS identical requests with one key are
 * sent at once; every reply must be the first answer (the same body but
 * for "replayed"; a replay of a 201 answers 200, as README.md says),
 * exactly one of them not a replay, and the
 * ledger must add up (the harness runs `depot check stock` at the end).
 * Then the same key comes once more with another body: every operation
 * answers 409 idempotency_conflict (README, "Idempotency").
 * The demo business provides stock, a wave to pick, POs and tasks.
 */
#include "api_harness.h"

#include <libpq-fe.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

enum { RACERS = 20 };

static struct api_server srv;
static unsigned next_key;

static int
setup(void **state)
{
  if (!api_server_start(&srv, "api_replay_race", false, NULL))
    return -1;
  return api_seed_demo(&srv) ? 0 : -1;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

struct racer {
  const char *method, *path, *body;
  pthread_barrier_t *start;
  struct api_reply reply;
  bool sent;
};

static void *
race_one(void *arg)
{
  struct racer *r = arg;
  pthread_barrier_wait(r->start);
  r->sent = api_json(&srv, r->method, r->path, r->body, &r->reply);
  return NULL;
}

/* The reply body without its "replayed" flag (new reference). */
static json_t *
answer_of(const struct api_reply *r)
{
  json_t *j = r->json != NULL ? json_deep_copy(r->json) : json_null();
  if (json_is_object(j))
    json_object_del(j, "replayed");
  return j;
}

/* Statuses of one answer: the first's, or 200 for a replay of a 201. */
static bool
same_status(long a, long b)
{
  return a == b || (a == 200 && b == 201) || (a == 201 && b == 200);
}

/*
 * Sends @a body (which carries its idempotency key) RACERS times at once
 * and checks that all got the first answer. Returns that answer's body
 * (new reference) when its status is @a status (0: any), else fails.
 */
static json_t *
race(const char *method, const char *path, const char *body, long status)
{
  pthread_barrier_t start;
  pthread_barrier_init(&start, NULL, RACERS);
  struct racer rs[RACERS];
  pthread_t th[RACERS];
  for (int i = 0; i < RACERS; i++) {
    rs[i] = (struct racer){method, path, body, &start, {0}, false};
    pthread_create(&th[i], NULL, race_one, &rs[i]);
  }
  for (int i = 0; i < RACERS; i++)
    pthread_join(th[i], NULL);
  pthread_barrier_destroy(&start);
  json_t *first = NULL;
  int fresh = 0, flagged = 0, created = 0;
  for (int i = 0; i < RACERS; i++) {
    assert_true(rs[i].sent);
    json_t *a = answer_of(&rs[i].reply);
    if (!same_status(rs[i].reply.status, rs[0].reply.status) ||
        (first != NULL && !json_equal(a, first)))
      fail_msg("%s %s: racer %d got %ld %s, racer 0 got %ld %s", method, path,
               i, rs[i].reply.status, rs[i].reply.body, rs[0].reply.status,
               rs[0].reply.body);
    if (first == NULL)
      first = json_incref(a);
    json_decref(a);
    /* Who did the work: the reply that says replayed false, or else the
     * one 201 among 200s. */
    json_t *rp = rs[i].reply.json != NULL
                     ? json_object_get(rs[i].reply.json, "replayed")
                     : NULL;
    flagged += rp != NULL;
    fresh += rp != NULL ? json_is_false(rp) : rs[i].reply.status == 201;
    created += rs[i].reply.status == 201;
  }
  if (status == 0)
    status = rs[0].reply.status; /* any answer, as long as it is one */
  if (!same_status(rs[0].reply.status, status))
    fail_msg("%s %s: got %ld %s, want %ld", method, path, rs[0].reply.status,
             rs[0].reply.body, status);
  /* Exactly one request did the work; the others were replays. */
  if (status < 300 && (flagged > 0 || created > 0) && fresh != 1)
    fail_msg("%s %s: %d replies were not replays", method, path, fresh);
  for (int i = 0; i < RACERS; i++)
    api_reply_clear(&rs[i].reply);
  return first;
}

/* The key key() made last, for a request that reuses it. */
static char last[32];

/* A fresh key, as a handheld makes one per intended action. */
static const char *
key(void)
{
  snprintf(last, sizeof last, "race-%u", ++next_key);
  return last;
}

/*
 * Sends @a fmt (a body whose one %s is the key) with the last key: the
 * key was used with another body, so the answer is 409
 * idempotency_conflict naming the key.
 */
static void
conflict(const char *method, const char *path, const char *fmt, ...)
{
  char body[600];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(body, sizeof body, fmt, ap);
  va_end(ap);
  json_t *j = api_expect(&srv, method, path, body, 409);
  if (j == NULL)
    fail_msg("%s %s %s: want 409 idempotency_conflict", method, path, body);
  json_t *e = json_object_get(j, "error");
  if (strcmp(json_string_value(json_object_get(e, "code")),
             "idempotency_conflict") != 0)
    fail_msg("%s %s: got %s, want idempotency_conflict", method, path,
             json_string_value(json_object_get(e, "code")));
  json_decref(j);
}

#define ZZ1 "(SELECT id FROM warehouse WHERE code = 'ZZ1')"

/* A ZZ1 bin holding at least 5 free units of one SKU without lots. */
static void
free_stock(char *sku, char *bin)
{
  char row[200];
  assert_true(api_sql_text(
      &srv,
      "SELECT k.code || ' ' || l.code FROM stock_quant q JOIN location l"
      " ON l.id = q.location_id JOIN sku k ON k.id = q.sku_id"
      " WHERE l.warehouse_id = " ZZ1 " AND l.kind = 'bin' AND q.lot_id IS NULL"
      " AND q.on_hand - q.reserved >= 5 AND NOT k.lot_tracked"
      " ORDER BY q.id LIMIT 1",
      row, sizeof row));
  assert_int_equal(sscanf(row, "%63s %63s", sku, bin), 2);
}

static void
moves_adjustments_transfers_returns(void **state)
{
  char sku[64], bin[64], empty[64], body[600];
  free_stock(sku, bin);
  assert_true(api_sql_text(&srv,
                           "SELECT min(l.code) FROM location l JOIN zone z ON"
                           " z.id = l.zone_id WHERE l.warehouse_id = " ZZ1
                           " AND l.kind = 'bin' AND z.type = 'reserve' AND NOT"
                           " EXISTS (SELECT 1 FROM stock_quant q WHERE"
                           " q.location_id = l.id)",
                           empty, sizeof empty));
  snprintf(body, sizeof body,
           "{\"warehouse\":\"ZZ1\",\"sku\":\"%s\",\"from_bin\":\"%s\","
           "\"to_bin\":\"%s\",\"qty\":1,\"idempotency_key\":\"%s\"}",
           sku, bin, empty, key());
  json_decref(race("POST", "/api/v1/stock/moves", body, 201));
  conflict("POST", "/api/v1/stock/moves",
           "{\"warehouse\":\"ZZ1\",\"sku\":\"%s\",\"from_bin\":\"%s\","
           "\"to_bin\":\"%s\",\"qty\":2,\"idempotency_key\":\"%s\"}",
           sku, bin, empty, last);
  snprintf(body, sizeof body,
           "{\"warehouse\":\"ZZ1\",\"bin\":\"%s\",\"sku\":\"%s\","
           "\"qty_delta\":1,\"reason\":\"found\",\"idempotency_key\":\"%s\"}",
           bin, sku, key());
  json_decref(race("POST", "/api/v1/stock/adjustments", body, 201));
  conflict("POST", "/api/v1/stock/adjustments",
           "{\"warehouse\":\"ZZ1\",\"bin\":\"%s\",\"sku\":\"%s\","
           "\"qty_delta\":2,\"reason\":\"found\",\"idempotency_key\":\"%s\"}",
           bin, sku, last);
  snprintf(body, sizeof body,
           "{\"sku\":\"%s\",\"from_warehouse\":\"ZZ1\",\"from_bin\":\"%s\","
           "\"to_warehouse\":\"LL1\",\"qty\":1,\"idempotency_key\":\"%s\"}",
           sku, bin, key());
  json_decref(race("POST", "/api/v1/stock/transfers", body, 201));
  conflict("POST", "/api/v1/stock/transfers",
           "{\"sku\":\"%s\",\"from_warehouse\":\"ZZ1\",\"from_bin\":\"%s\","
           "\"to_warehouse\":\"LL1\",\"qty\":2,\"idempotency_key\":\"%s\"}",
           sku, bin, last);
  char supplier[64];
  assert_true(api_sql_text(&srv, "SELECT min(code) FROM supplier", supplier,
                           sizeof supplier));
  snprintf(body, sizeof body,
           "{\"supplier\":\"%s\",\"warehouse\":\"ZZ1\",\"reason\":\"defect\","
           "\"lines\":[{\"sku\":\"%s\",\"bin\":\"%s\",\"qty\":1}],"
           "\"idempotency_key\":\"%s\"}",
           supplier, sku, bin, key());
  json_decref(race("POST", "/api/v1/supplier-returns", body, 201));
  conflict("POST", "/api/v1/supplier-returns",
           "{\"supplier\":\"%s\",\"warehouse\":\"ZZ1\",\"reason\":\"defect\","
           "\"lines\":[{\"sku\":\"%s\",\"bin\":\"%s\",\"qty\":2}],"
           "\"idempotency_key\":\"%s\"}",
           supplier, sku, bin, last);
  /* A refusal races the same way: every racer hears it. */
  snprintf(body, sizeof body,
           "{\"warehouse\":\"ZZ1\",\"sku\":\"%s\",\"from_bin\":\"%s\","
           "\"to_bin\":\"%s\",\"qty\":100000000,\"idempotency_key\":\"%s\"}",
           sku, bin, empty, key());
  json_decref(race("POST", "/api/v1/stock/moves", body, 409));
}

static void
receipt_and_putaway(void **state)
{
  char row[200], body[600], path[96];
  assert_true(api_sql_text(
      &srv,
      "SELECT po.id || ' ' || k.code FROM purchase_order po JOIN po_line l"
      " ON l.po_id = po.id JOIN sku k ON k.id = l.sku_id"
      " WHERE po.warehouse_id = " ZZ1 " AND po.state IN ('sent',"
      " 'partially_received') AND l.qty - l.received_qty - l.damaged_qty >= 1"
      " AND NOT k.lot_tracked ORDER BY po.id, l.line_no LIMIT 1",
      row, sizeof row));
  long long po;
  char sku[64];
  assert_int_equal(sscanf(row, "%lld %63s", &po, sku), 2);
  snprintf(path, sizeof path, "/api/v1/purchase-orders/%lld/receipts", po);
  snprintf(body, sizeof body,
           "{\"lines\":[{\"sku\":\"%s\",\"qty\":1}],\"idempotency_key\":"
           "\"%s\"}",
           sku, key());
  json_decref(race("POST", path, body, 201));
  conflict("POST", path,
           "{\"lines\":[{\"sku\":\"%s\",\"qty\":2}],\"idempotency_key\":"
           "\"%s\"}",
           sku, last);
  char task[32], bin[64];
  assert_true(
      api_sql_text(&srv,
                   "SELECT max(id) FROM putaway_task WHERE warehouse_id = " ZZ1
                   " AND state = 'open'",
                   task, sizeof task));
  assert_true(api_sql_text(&srv,
                           "SELECT min(l.code) FROM location l JOIN zone z ON"
                           " z.id = l.zone_id WHERE l.warehouse_id = " ZZ1
                           " AND l.kind = 'bin' AND z.type = 'reserve' AND NOT"
                           " EXISTS (SELECT 1 FROM stock_quant q WHERE"
                           " q.location_id = l.id)",
                           bin, sizeof bin));
  snprintf(path, sizeof path, "/api/v1/putaway-tasks/%s/confirm", task);
  snprintf(body, sizeof body, "{\"bin\":\"%s\",\"idempotency_key\":\"%s\"}",
           bin, key());
  json_t *done = race("POST", path, body, 200);
  json_decref(done);
  conflict("POST", path,
           "{\"bin\":\"%s\",\"qty\":1,\"idempotency_key\":\"%s\"}", bin, last);
}

static void
count_replenishment_exception(void **state)
{
  char sku[64], bin[64], body[600], path[96];
  free_stock(sku, bin);
  snprintf(body, sizeof body, "{\"bins\":[\"%s\"]}", bin);
  json_t *c =
      api_expect(&srv, "POST", "/api/v1/warehouses/ZZ1/counts", body, 201);
  assert_non_null(c);
  snprintf(path, sizeof path, "/api/v1/counts/%lld/entries",
           (long long)json_integer_value(json_object_get(c, "id")));
  json_decref(c);
  snprintf(body, sizeof body,
           "{\"bin\":\"%s\",\"sku\":\"%s\",\"qty\":1,\"idempotency_key\":"
           "\"%s\"}",
           bin, sku, key());
  json_decref(race("POST", path, body, 201));
  conflict("POST", path,
           "{\"bin\":\"%s\",\"sku\":\"%s\",\"qty\":2,\"idempotency_key\":"
           "\"%s\"}",
           bin, sku, last);
  char task[32];
  assert_true(api_sql_text(&srv,
                           "SELECT min(id) FROM replenish_task WHERE state ="
                           " 'open' AND warehouse_id = " ZZ1,
                           task, sizeof task));
  snprintf(path, sizeof path, "/api/v1/replenishment-tasks/%s/confirm", task);
  snprintf(body, sizeof body, "{\"idempotency_key\":\"%s\"}", key());
  json_t *rep = race("POST", path, body, 0);
  /* A refusal writes nothing, the key included: only an answer binds it. */
  if (json_object_get(rep, "error") == NULL)
    conflict("POST", path, "{\"qty\":1,\"idempotency_key\":\"%s\"}", last);
  json_decref(rep);
  snprintf(body, sizeof body,
           "{\"kind\":\"damaged\",\"warehouse\":\"ZZ1\",\"location\":\"%s\","
           "\"sku\":\"%s\",\"qty\":1}",
           bin, sku);
  json_t *e = api_expect(&srv, "POST", "/api/v1/exceptions", body, 201);
  assert_non_null(e);
  snprintf(path, sizeof path, "/api/v1/exceptions/%lld/resolve",
           (long long)json_integer_value(json_object_get(e, "id")));
  json_decref(e);
  snprintf(body, sizeof body,
           "{\"action\":\"scrap\",\"idempotency_key\":\"%s\"}", key());
  json_decref(race("POST", path, body, 200));
  conflict("POST", path,
           "{\"action\":\"scrap\",\"note\":\"again\",\"idempotency_key\":"
           "\"%s\"}",
           last);
}

static const char *
task_str(const json_t *view, const char *name)
{
  return json_string_value(
      json_object_get(json_object_get(view, "task"), name));
}

/* One racing scan of pick list @a list; returns the new view. */
static json_t *
pick_scan(int64_t list, const char *code, int64_t qty, long status)
{
  char path[64], body[200];
  snprintf(path, sizeof path, "/api/v1/picklists/%lld/scan", (long long)list);
  if (qty > 0)
    snprintf(body, sizeof body,
             "{\"code\":\"%s\",\"qty\":%lld,\"idempotency_key\":\"%s\"}", code,
             (long long)qty, key());
  else
    snprintf(body, sizeof body, "{\"code\":\"%s\",\"idempotency_key\":\"%s\"}",
             code, key());
  json_t *view = race("POST", path, body, status);
  conflict("POST", path, "{\"code\":\"%s-OTHER\",\"idempotency_key\":\"%s\"}",
           code, last);
  return view;
}

/* Walks pick list @a view to its end, racing every scan; returns a tote
 * it filled (in @a tote). */
static void
pick_all(json_t *view, char *tote)
{
  int64_t list = json_integer_value(json_object_get(view, "picklist"));
  int next_tote = 60;
  tote[0] = '\0';
  for (;;) {
    const char *action = json_string_value(json_object_get(view, "action"));
    assert_non_null(action);
    json_t *next;
    if (strcmp(action, "done") == 0)
      break;
    if (strcmp(action, "scan_bin") == 0) {
      next = pick_scan(list, task_str(view, "bin"), 0, 200);
    } else if (strcmp(action, "scan_item") == 0) {
      next = pick_scan(list, task_str(view, "sku"),
                       json_integer_value(json_object_get(
                           json_object_get(view, "task"), "remaining")),
                       200);
    } else {
      char t[16];
      if (task_str(view, "tote") != NULL)
        snprintf(t, sizeof t, "%s", task_str(view, "tote"));
      else
        snprintf(t, sizeof t, "T%03d", next_tote--);
      next = pick_scan(list, t, 0, 200);
      if (tote[0] == '\0')
        snprintf(tote, 16, "%s", t);
    }
    json_decref(view);
    view = next;
  }
  json_decref(view);
}

static void
pick_pack_and_ship(void **state)
{
  json_t *view = api_expect(&srv, "POST", "/api/v1/picklists/next",
                            "{\"warehouse\":\"ZZ1\"}", 200);
  assert_non_null(view);
  char tote[16];
  pick_all(view, tote);
  assert_true(tote[0] != '\0');
  char body[300], path[96];
  snprintf(body, sizeof body, "{\"code\":\"%s\",\"station\":\"PACK-1\"}", tote);
  json_t *sh = api_expect(&srv, "POST", "/api/v1/packing/open", body, 201);
  assert_non_null(sh);
  int64_t ship = json_integer_value(json_object_get(sh, "id"));
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/cartons",
           (long long)ship);
  snprintf(body, sizeof body,
           "{\"carton_type\":\"M\",\"idempotency_key\":\"%s\"}", key());
  json_t *c = race("POST", path, body, 201);
  conflict("POST", path, "{\"carton_type\":\"L\",\"idempotency_key\":\"%s\"}",
           last);
  json_t *carton = json_array_get(json_object_get(c, "cartons"), 0);
  int64_t cid = json_integer_value(json_object_get(carton, "id"));
  char sscc[32];
  snprintf(sscc, sizeof sscc, "%s",
           json_string_value(json_object_get(carton, "sscc")));
  json_decref(c);
  size_t i;
  json_t *item;
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/scan", (long long)cid);
  json_array_foreach(json_object_get(sh, "items"), i, item)
  {
    snprintf(body, sizeof body,
             "{\"code\":\"%s\",\"qty\":%lld,\"idempotency_key\":\"%s\"}",
             json_string_value(json_object_get(item, "sku")),
             (long long)json_integer_value(json_object_get(item, "remaining")),
             key());
    json_decref(race("POST", path, body, 200));
    conflict("POST", path,
             "{\"code\":\"%s\",\"qty\":%lld,\"idempotency_key\":\"%s\"}",
             json_string_value(json_object_get(item, "sku")),
             (long long)json_integer_value(json_object_get(item, "remaining")) +
                 1,
             last);
  }
  /* The first item out of the carton again and back in: unscan races like
   * scan; a carton it leaves empty is removed, and a new one takes it. */
  json_t *first = json_array_get(json_object_get(sh, "items"), 0);
  const char *sku = json_string_value(json_object_get(first, "sku"));
  long long n =
      (long long)json_integer_value(json_object_get(first, "remaining"));
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/unscan", (long long)cid);
  snprintf(body, sizeof body,
           "{\"code\":\"%s\",\"qty\":%lld,\"idempotency_key\":\"%s\"}", sku, n,
           key());
  json_t *u = race("POST", path, body, 200);
  if (json_array_size(json_object_get(u, "cartons")) == 0) {
    snprintf(path, sizeof path, "/api/v1/shipments/%lld/cartons",
             (long long)ship);
    snprintf(body, sizeof body,
             "{\"carton_type\":\"M\",\"idempotency_key\":\"%s\"}", key());
    c = race("POST", path, body, 201);
    carton = json_array_get(json_object_get(c, "cartons"), 0);
    cid = json_integer_value(json_object_get(carton, "id"));
    snprintf(sscc, sizeof sscc, "%s",
             json_string_value(json_object_get(carton, "sscc")));
    json_decref(c);
  }
  json_decref(u);
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/scan", (long long)cid);
  snprintf(body, sizeof body,
           "{\"code\":\"%s\",\"qty\":%lld,\"idempotency_key\":\"%s\"}", sku, n,
           key());
  json_decref(race("POST", path, body, 200));
  json_decref(sh);
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/close", (long long)cid);
  snprintf(body, sizeof body,
           "{\"weight_g\":1000,\"override_reason\":\"race test\","
           "\"idempotency_key\":\"%s\"}",
           key());
  json_decref(race("POST", path, body, 200));
  conflict("POST", path,
           "{\"weight_g\":1001,\"override_reason\":\"race test\","
           "\"idempotency_key\":\"%s\"}",
           last);
  snprintf(body, sizeof body,
           "{\"code\":\"%s\",\"warehouse\":\"ZZ1\",\"idempotency_key\":"
           "\"%s\"}",
           sscc, key());
  json_t *shipped = race("POST", "/api/v1/dock/scan", body, 200);
  assert_string_equal(json_string_value(json_object_get(shipped, "state")),
                      "shipped");
  json_decref(shipped);
}

/* Feedback tickets (issue 20): a new ticket and a reply on it. */
static void
feedback_ticket_and_reply(void **state)
{
  char body[600], path[80];
  snprintf(body, sizeof body,
           "{\"store\":\"TMALL\",\"kind\":\"complaint\",\"severity\":"
           "\"high\",\"text\":\"race test\",\"idempotency_key\":\"%s\"}",
           key());
  json_t *t = race("POST", "/api/v1/feedback", body, 201);
  json_int_t id = json_integer_value(json_object_get(t, "id"));
  json_decref(t);
  conflict("POST", "/api/v1/feedback",
           "{\"store\":\"TMALL\",\"kind\":\"complaint\",\"severity\":"
           "\"low\",\"text\":\"race test\",\"idempotency_key\":\"%s\"}",
           last);
  snprintf(path, sizeof path, "/api/v1/feedback/%lld/reply", (long long)id);
  snprintf(body, sizeof body,
           "{\"text\":\"race reply\",\"idempotency_key\":\"%s\"}", key());
  json_t *r = race("POST", path, body, 201);
  assert_int_equal(json_array_size(json_object_get(r, "replies")), 1);
  json_decref(r);
  conflict("POST", path, "{\"text\":\"other\",\"idempotency_key\":\"%s\"}",
           last);
}

/*
 * After-sales (issue 19): a return's authorisation, its receipt at the
 * returns bench, its disposition and its refund, each raced by RACERS
 * identical requests: one return, one receipt move, one quarantine move,
 * one refund.
 */
static void
return_receive_dispose_refund(void **state)
{
  char row[200], sku[64], body[600], path[96], sql[300];
  assert_true(api_sql_text(
      &srv,
      "SELECT o.id || ' ' || min(k.code) FROM sales_order o JOIN order_line"
      " l ON l.order_id = o.id JOIN sku k ON k.id = l.sku_id WHERE"
      " o.warehouse_id = " ZZ1 " AND o.state = 'shipped' AND NOT"
      " k.lot_tracked AND NOT EXISTS (SELECT 1 FROM rma WHERE order_id ="
      " o.id) AND NOT EXISTS (SELECT 1 FROM order_line x JOIN sku y ON y.id"
      " = x.sku_id WHERE x.order_id = o.id AND y.lot_tracked) GROUP BY o.id"
      " ORDER BY o.id LIMIT 1",
      row, sizeof row));
  long long order;
  assert_int_equal(sscanf(row, "%lld %63s", &order, sku), 2);
  int64_t rmas = 0, moves = 0;
  assert_true(api_sql_text(&srv, "SELECT count(*) FROM rma", row, sizeof row));
  rmas = strtoll(row, NULL, 10);
  snprintf(body, sizeof body,
           "{\"order\":%lld,\"lines\":[{\"sku\":\"%s\",\"qty\":1,"
           "\"reason\":\"quality_defect\"}],\"resolution\":\"refund\","
           "\"idempotency_key\":\"%s\"}",
           order, sku, key());
  json_t *m = race("POST", "/api/v1/returns", body, 201);
  json_int_t id = json_integer_value(json_object_get(m, "id"));
  json_decref(m);
  assert_true(api_sql_text(&srv, "SELECT count(*) FROM rma", row, sizeof row));
  assert_int_equal(strtoll(row, NULL, 10), rmas + 1);
  conflict("POST", "/api/v1/returns",
           "{\"order\":%lld,\"lines\":[{\"sku\":\"%s\",\"qty\":1,"
           "\"reason\":\"other\"}],\"resolution\":\"refund\","
           "\"idempotency_key\":\"%s\"}",
           order, sku, last);
  assert_true(
      api_sql_text(&srv, "SELECT count(*) FROM stock_move", row, sizeof row));
  moves = strtoll(row, NULL, 10);
  snprintf(path, sizeof path, "/api/v1/returns/%lld/receive", (long long)id);
  snprintf(body, sizeof body,
           "{\"lines\":[{\"sku\":\"%s\",\"qty\":1,\"condition\":"
           "\"damaged\"}],\"idempotency_key\":\"%s\"}",
           sku, key());
  json_decref(race("POST", path, body, 200));
  conflict("POST", path,
           "{\"lines\":[{\"sku\":\"%s\",\"qty\":1,\"condition\":"
           "\"sellable\"}],\"idempotency_key\":\"%s\"}",
           sku, last);
  snprintf(path, sizeof path, "/api/v1/returns/%lld/dispose", (long long)id);
  snprintf(body, sizeof body,
           "{\"lines\":[{\"sku\":\"%s\",\"qty\":1,\"action\":"
           "\"quarantine\",\"condition\":\"damaged\"}],"
           "\"idempotency_key\":\"%s\"}",
           sku, key());
  json_decref(race("POST", path, body, 200));
  conflict("POST", path,
           "{\"lines\":[{\"sku\":\"%s\",\"qty\":1,\"action\":"
           "\"scrap\",\"condition\":\"damaged\"}],"
           "\"idempotency_key\":\"%s\"}",
           sku, last);
  /* One receipt move in, one move to quarantine: no more. */
  assert_true(
      api_sql_text(&srv, "SELECT count(*) FROM stock_move", row, sizeof row));
  assert_int_equal(strtoll(row, NULL, 10), moves + 2);
  snprintf(sql, sizeof sql,
           "SELECT to_char(unit_price, 'FM999999990.00') FROM rma_line"
           " WHERE rma_id = %lld",
           (long long)id);
  char price[32];
  assert_true(api_sql_text(&srv, sql, price, sizeof price));
  snprintf(path, sizeof path, "/api/v1/returns/%lld/refund", (long long)id);
  snprintf(body, sizeof body,
           "{\"amount\":\"%s\",\"method\":\"original\","
           "\"idempotency_key\":\"%s\"}",
           price, key());
  json_t *f = race("POST", path, body, 200);
  assert_int_equal(json_array_size(json_object_get(f, "refunds")), 1);
  json_decref(f);
  conflict("POST", path,
           "{\"amount\":\"0.01\",\"method\":\"cash\","
           "\"idempotency_key\":\"%s\"}",
           last);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(moves_adjustments_transfers_returns),
      cmocka_unit_test(receipt_and_putaway),
      cmocka_unit_test(count_replenishment_exception),
      cmocka_unit_test(pick_pack_and_ship),
      cmocka_unit_test(feedback_ticket_and_reply),
      cmocka_unit_test(return_receive_dispose_refund),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
