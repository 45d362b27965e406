#include "bench_ship.h"

#include "bench_cpu.h"
#include "bench_orders.h"
#include "bench_scan.h"
#include "bench_setup.h"
#include "bench_stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
  MAX_TOTES = 4 * BENCH_WAVE_BATCH, /* orders one list fills totes for */
  MAX_ITEMS = 16,                   /* SKUs in one order's parcel */
  MAX_ERRORS = 50,                  /* a worker that fails this often stops */
};

/* Where a worker is: picking a list, or packing its orders one by one. */
enum step {
  STEP_LIST,   /* POST /picklists/next */
  STEP_PICK,   /* POST /picklists/{id}/scan */
  STEP_OPEN,   /* POST /packing/open with the order's tote */
  STEP_CARTON, /* POST /shipments/{id}/cartons */
  STEP_ITEM,   /* POST /cartons/{id}/scan, one per SKU */
  STEP_CLOSE,  /* POST /cartons/{id}/close with the weight */
  STEP_SHIP,   /* POST /shipments/{id}/ship */
};

/* What all workers add up. */
struct floor {
  struct bench_stats lat; /* every request; errors: replies not expected */
  struct bench_stats step[STEP_SHIP + 1]; /* the same, per step */
  unsigned lists, shipped, skipped;
};

/* One floor worker: a picker who packs and ships what they picked. */
struct worker {
  struct floor *f;
  const char *token;
  unsigned idx, seq, errors;
  enum step step;
  bool stopped;
  int64_t list; /* picking: the list, the code to scan and its quantity */
  char code[64];
  int64_t qty;
  int64_t totes[MAX_TOTES]; /* orders picked into their totes, in order */
  unsigned ntotes, packing; /* and the one being packed */
  int64_t ship, carton;
  char skus[MAX_ITEMS][32]; /* the parcel's SKUs and units */
  int64_t units[MAX_ITEMS];
  unsigned nitems, item;
  int64_t grams; /* what the scale shows */
};

/* The request body's idempotency key, unique in the run. */
static int
key(struct worker *w, char *out, size_t len)
{
  return snprintf(out, len, "\"idempotency_key\":\"o2s-%02u-%u\"", w->idx,
                  ++w->seq);
}

static bool
ship_next(void *cls, struct bench_call *call)
{
  struct worker *w = cls;
  if (w->stopped)
    return false;
  char k[64];
  key(w, k, sizeof k);
  call->method = "POST";
  call->token = w->token;
  switch (w->step) {
    case STEP_LIST:
      snprintf(call->path, sizeof call->path, "/api/v1/picklists/next");
      snprintf(call->body, sizeof call->body, "{\"warehouse\":\"W1\"}");
      break;
    case STEP_PICK: {
      char qty[32] = "";
      if (w->qty > 0)
        snprintf(qty, sizeof qty, "\"qty\":%lld,", (long long)w->qty);
      snprintf(call->path, sizeof call->path, "/api/v1/picklists/%lld/scan",
               (long long)w->list);
      snprintf(call->body, sizeof call->body, "{\"code\":\"%s\",%s%s}", w->code,
               qty, k);
      break;
    }
    case STEP_OPEN: {
      char tote[32];
      bench_setup_tote_code(w->totes[w->packing], tote, sizeof tote);
      snprintf(call->path, sizeof call->path, "/api/v1/packing/open");
      snprintf(call->body, sizeof call->body,
               "{\"code\":\"%s\",\"warehouse\":\"W1\",\"station\":"
               "\"BENCH-SHIP\"}",
               tote);
      break;
    }
    case STEP_CARTON:
      snprintf(call->path, sizeof call->path, "/api/v1/shipments/%lld/cartons",
               (long long)w->ship);
      snprintf(call->body, sizeof call->body, "{\"carton_type\":\"BOX-B\",%s}",
               k);
      break;
    case STEP_ITEM:
      /* SKU-nnnnn carries the barcode BC-nnnnn (bench_setup_catalog). */
      snprintf(call->path, sizeof call->path, "/api/v1/cartons/%lld/scan",
               (long long)w->carton);
      snprintf(call->body, sizeof call->body,
               "{\"code\":\"BC-%s\",\"qty\":%lld,%s}", w->skus[w->item] + 4,
               (long long)w->units[w->item], k);
      break;
    case STEP_CLOSE:
      snprintf(call->path, sizeof call->path, "/api/v1/cartons/%lld/close",
               (long long)w->carton);
      snprintf(call->body, sizeof call->body, "{\"weight_g\":%lld,%s}",
               (long long)w->grams, k);
      break;
    case STEP_SHIP:
      snprintf(call->path, sizeof call->path, "/api/v1/shipments/%lld/ship",
               (long long)w->ship);
      snprintf(call->body, sizeof call->body, "{%s}", k);
      break;
  }
  return true;
}

/* Notes a picked order's tote (once) for packing after the list. */
static void
note_tote(struct worker *w, const json_t *view)
{
  const char *action = json_string_value(json_object_get(view, "action"));
  if (action == NULL || strstr(action, "tote") == NULL)
    return;
  int64_t order = json_integer_value(
      json_object_get(json_object_get(view, "task"), "order_id"));
  for (unsigned i = 0; i < w->ntotes; i++) {
    if (w->totes[i] == order)
      return;
  }
  if (order > 0 && w->ntotes < MAX_TOTES)
    w->totes[w->ntotes++] = order;
}

/* The next order to pack, or the next list when none is left. */
static void
pack_next_order(struct worker *w)
{
  if (w->packing < w->ntotes) {
    w->step = STEP_OPEN;
    return;
  }
  w->ntotes = w->packing = 0;
  w->step = STEP_LIST;
}

/* A pick view (next or scan reply): the next scan, or packing at done. */
static bool
on_pick_view(struct worker *w, const json_t *json)
{
  const char *action = json_string_value(json_object_get(json, "action"));
  if (action != NULL && strcmp(action, "none") == 0) {
    w->stopped = true; /* no list left for anyone */
    return true;
  }
  if (action != NULL && strcmp(action, "done") == 0) {
    w->f->lists++;
    pack_next_order(w);
    return true;
  }
  w->list = json_integer_value(json_object_get(json, "picklist"));
  note_tote(w, json);
  w->step = STEP_PICK;
  return bench_scan_next_code(json, w->code, sizeof w->code, &w->qty);
}

/* The parcel of a packing/open reply: its SKUs, units and weight. */
static bool
on_opened(struct worker *w, const json_t *json)
{
  w->ship = json_integer_value(json_object_get(json, "id"));
  w->nitems = w->item = 0;
  w->grams = BENCH_CARTON_TARE_G;
  size_t i;
  const json_t *it;
  json_array_foreach(json_object_get(json, "items"), i, it)
  {
    const char *sku = json_string_value(json_object_get(it, "sku"));
    int64_t n = json_integer_value(json_object_get(it, "remaining"));
    if (sku == NULL || n <= 0)
      continue;
    if (w->nitems == MAX_ITEMS || strlen(sku) < 5)
      return false;
    snprintf(w->skus[w->nitems], sizeof w->skus[0], "%s", sku);
    w->units[w->nitems++] = n;
    w->grams += n * BENCH_SKU_G;
  }
  w->step = STEP_CARTON;
  return w->ship > 0 && w->nitems > 0;
}

/* The newest carton of a shipment document. */
static int64_t
last_carton(const json_t *doc)
{
  const json_t *cs = json_object_get(doc, "cartons");
  size_t n = json_array_size(cs);
  return n > 0 ? json_integer_value(
                     json_object_get(json_array_get(cs, n - 1), "id"))
               : 0;
}

/* Reads a 2xx reply of the current step; false if it is not what the
 * floor expects. */
static bool
advance(struct worker *w, const json_t *json)
{
  const char *state = json_string_value(json_object_get(json, "state"));
  switch (w->step) {
    case STEP_LIST:
    case STEP_PICK:
      return on_pick_view(w, json);
    case STEP_OPEN:
      return on_opened(w, json);
    case STEP_CARTON:
      w->carton = last_carton(json);
      w->step = STEP_ITEM;
      return w->carton > 0;
    case STEP_ITEM:
      if (++w->item == w->nitems)
        w->step = STEP_CLOSE;
      return true;
    case STEP_CLOSE:
      w->step = STEP_SHIP;
      return state != NULL && strcmp(state, "packed") == 0;
    case STEP_SHIP:
      if (state == NULL || strcmp(state, "shipped") != 0)
        return false;
      w->f->shipped++;
      w->packing++;
      pack_next_order(w);
      return true;
  }
  return false;
}

/* The steps' names in order_to_ship.steps. */
static const char *const step_keys[] = {
    "next", "pick_scan", "pack_open", "carton", "carton_scan", "close", "ship"};

static const char *const step_names[] = {
    "picklists/next", "pick scan",    "packing/open", "carton",
    "carton scan",    "carton close", "ship"};

/* A refused or odd reply: logged (a few); picking asks for its list
 * again (next resumes a claimed list), packing gives the order up. */
static void
fail(struct worker *w, enum step was, long status, const json_t *json)
{
  w->f->lat.errors++;
  if (w->errors++ < 3) {
    char *text = json != NULL ? json_dumps(json, JSON_COMPACT) : NULL;
    bench_note("worker %u: %s: status %ld: %.300s", w->idx, step_names[was],
               status, text != NULL ? text : "");
    free(text);
  }
  w->stopped = w->errors > MAX_ERRORS;
  if (was <= STEP_PICK) {
    w->step = STEP_LIST;
    return;
  }
  w->f->skipped++;
  w->packing++;
  pack_next_order(w);
}

static void
ship_done(void *cls, long status, const json_t *json, double ms, bool counted)
{
  (void)counted;
  struct worker *w = cls;
  enum step was = w->step; /* advance may have moved on before refusing */
  bench_stats_add(&w->f->lat, ms);
  bench_stats_add(&w->f->step[was], ms);
  if (status < 200 || status > 201 || !advance(w, json))
    fail(w, was, status, json);
}

/* Orders of store SHIP the API lists as shipped, or -1. */
static int64_t
count_shipped(struct bench_ctx *c)
{
  json_t *j = NULL;
  long st = bench_http_call(
      &c->target, c->admin_token, "GET",
      "/api/v1/orders?store=SHIP&state=shipped&total=true&limit=1", NULL, &j,
      NULL);
  int64_t n = st == 200 && json_is_integer(json_object_get(j, "total"))
                  ? json_integer_value(json_object_get(j, "total"))
                  : -1;
  if (n < 0)
    bench_fail("GET /api/v1/orders?store=SHIP&state=shipped: status %ld", st);
  json_decref(j);
  return n;
}

/* The floor: BENCH_SHIP_WORKERS workers until no list is left. */
static bool
run_floor(struct bench_ctx *c, char (*tokens)[BENCH_TOKEN_MAX], struct floor *f,
          double *secs)
{
  struct worker *ws = calloc(BENCH_SHIP_WORKERS, sizeof *ws);
  void *cls[BENCH_SHIP_WORKERS];
  if (ws == NULL)
    abort();
  for (unsigned i = 0; i < BENCH_SHIP_WORKERS; i++) {
    ws[i] = (struct worker){.f = f, .token = tokens[i], .idx = i};
    cls[i] = &ws[i];
  }
  static const struct bench_client_ops ops = {ship_next, ship_done};
  struct bench_window w = {0, 0};
  bool ok = bench_http_run(&c->target, BENCH_SHIP_WORKERS, cls, &ops, &w, secs);
  free(ws);
  return ok;
}

/* Requests and latency per step; frees the samples. */
static json_t *
steps_json(struct floor *f)
{
  json_t *o = json_object();
  for (unsigned i = 0; i <= STEP_SHIP; i++) {
    json_object_set_new(o, step_keys[i],
                        json_pack("{s:I, s:f, s:f}", "requests",
                                  (json_int_t)f->step[i].n, "p50_ms",
                                  bench_stats_pct(&f->step[i], 50), "p99_ms",
                                  bench_stats_pct(&f->step[i], 99)));
    bench_stats_clear(&f->step[i]);
  }
  return o;
}

/* CPU seconds per order of @a a..@a b, or null. */
static json_t *
cpu_each(double a, double b, unsigned n)
{
  return n > 0 && a >= 0 && b >= a ? json_real((b - a) / n) : json_null();
}

bool
bench_ship_run(struct bench_ctx *c, char (*tokens)[BENCH_TOKEN_MAX])
{
  unsigned n = c->plan.ship_orders;
  int64_t top = bench_setup_sql_int(
      c, "SELECT coalesce(max(id), 0) FROM sales_order", 0, NULL);
  pid_t pm = bench_cpu_postmaster(c);
  /* Totes, like the carrier and the carton type, are there before the
   * orders (with room for gaps in the order ids). */
  if (top < 0 || pm < 0 || !bench_setup_shipping(c, "SHIP") ||
      !bench_setup_totes_upto(c, top + n + 1000))
    return false;
  struct bench_cpu cpu0, cpu1;
  struct floor f = {0};
  double intake_per_s = 0, intake_p50 = 0, wave_s = 0, floor_s = 0;
  int64_t waved = 0, lists = 0;
  if (!bench_cpu_read(c, pm, &cpu0))
    return false;
  double t0 = bench_http_now();
  bool ok = bench_orders_intake(c, "SHIP", 1, n, BENCH_SHIP_WORKERS,
                                &intake_per_s, &intake_p50);
  double t_wave = bench_http_now();
  ok = ok && bench_orders_wave(c, "SHIP", BENCH_WAVE_BATCH, n, &wave_s, &waved,
                               &lists);
  double t_floor = bench_http_now();
  ok = ok && run_floor(c, tokens, &f, &floor_s);
  double t1 = bench_http_now();
  if (!ok || !bench_cpu_read(c, pm, &cpu1))
    return false;
  int64_t shipped = count_shipped(c);
  if (shipped < 0)
    return false;
  unsigned missing = shipped < (int64_t)n ? n - (unsigned)shipped : 0;
  unsigned errors = f.lat.errors + missing;
  double secs = t1 - t0;
  /* The database's figure is the server's own backends: the cluster's
   * (autovacuum, checkpoints, WAL writer, this bench's connections) is
   * kept beside it. */
  unsigned lost = 0;
  double server = cpu1.server - cpu0.server,
         db = bench_cpu_backends(&cpu0, &cpu1, &lost),
         cluster = cpu1.db - cpu0.db;
  json_object_set_new(
      c->out, "order_to_ship",
      json_pack(
          "{s:I, s:f, s:f, s:I, s:{s:o, s:o, s:o, s:o}, s:I, s:I, s:I, s:f, "
          "s:f, s:f, s:f, s:I, s:f, s:f, s:f, s:f, s:I}",
          "orders", (json_int_t)n, "seconds", secs, "per_s", n / secs, "errors",
          (json_int_t)errors, "cpu_s_per_order", "server",
          cpu_each(0, server, n), "db", cpu_each(0, db, n), "total",
          cpu_each(0, server + db, n), "db_cluster", cpu_each(0, cluster, n),
          "shipped", (json_int_t)shipped, "unshipped", (json_int_t)missing,
          "waved", (json_int_t)waved, "intake_s", t_wave - t0, "wave_s", wave_s,
          "floor_s", t1 - t_floor, "request_p50_ms",
          bench_stats_pct(&f.lat, 50), "requests", (json_int_t)f.lat.n,
          "request_p99_ms", bench_stats_pct(&f.lat, 99), "cpu_server_s", server,
          "cpu_db_s", db, "cpu_db_cluster_s", cluster, "db_backends_lost",
          (json_int_t)lost));
  bench_note("order to ship: %u orders in %.1f s (%.1f/s; intake %.1f s, "
             "wave %.2f s, floor %.1f s, %u lists, %zu requests), CPU %.2f "
             "ms/order server + %.2f ms/order database (the server's "
             "backends; the whole cluster %.2f ms/order), %u errors",
             n, secs, n / secs, t_wave - t0, wave_s, t1 - t_floor, f.lists,
             f.lat.n, server * 1000 / n, db * 1000 / n, cluster * 1000 / n,
             errors);
  if (lost > 0)
    bench_note("order to ship: %u of the server's backends closed during the "
               "phase: their CPU is in the cluster's figure only",
               lost);
  if (missing > 0 || f.lat.errors > 0)
    bench_note("order to ship: %lld of %u orders shipped, %u requests "
               "refused, %u orders given up: see the lines above",
               (long long)shipped, n, f.lat.errors, f.skipped);
  json_t *steps = steps_json(&f);
  char *text = json_dumps(steps, JSON_COMPACT | JSON_PRESERVE_ORDER |
                                     JSON_REAL_PRECISION(4));
  bench_note("order to ship, per step: %s", text != NULL ? text : "");
  free(text);
  json_object_set_new(json_object_get(c->out, "order_to_ship"), "steps", steps);
  bench_stats_clear(&f.lat);
  return true;
}
