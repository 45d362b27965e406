#include "bench_orders.h"

#include "bench_setup.h"
#include "bench_stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The shared queue the intake clients take order numbers from. */
struct intake {
  unsigned next, total, accepted;
  struct bench_stats lat;
  const char *token;
  const char *store;
};

/* One intake client: its view of the shared queue. */
struct intake_client {
  struct intake *q;
};

void
bench_orders_body(const char *store, char prefix, unsigned k, char *out,
                  size_t len)
{
  unsigned s[3];
  for (unsigned j = 0; j < 3; j++)
    s[j] = 1 + (k * 37 + j * 131) % BENCH_SKUS;
  snprintf(out, len,
           "{\"store\":\"%s\",\"external_id\":\"%c%07u\",\"currency\":\"CNY\","
           "\"customer\":{\"name\":\"Bench Buyer\","
           "\"email\":\"buyer%u@example.com\"},"
           "\"ship_to\":{\"name\":\"Bench Buyer\",\"line1\":\"1 Bench Road\","
           "\"city\":\"Zhuzhou\",\"postcode\":\"412007\","
           "\"country_code\":\"CN\"},\"lines\":["
           "{\"sku\":\"SKU-%05u\",\"qty\":%u,\"unit_price\":\"9.90\"},"
           "{\"sku\":\"SKU-%05u\",\"qty\":%u,\"unit_price\":\"9.90\"},"
           "{\"sku\":\"SKU-%05u\",\"qty\":%u,\"unit_price\":\"9.90\"}]}",
           store, prefix, k, k % 5000, s[0], 1 + k % 3, s[1], 1 + (k + 1) % 3,
           s[2], 1 + (k + 2) % 3);
}

static bool
intake_next(void *cls, struct bench_call *call)
{
  struct intake_client *ic = cls;
  if (ic->q->next >= ic->q->total)
    return false;
  call->method = "POST";
  call->token = ic->q->token;
  snprintf(call->path, sizeof call->path, "/api/v1/orders");
  bench_orders_body(ic->q->store, 'I', ++ic->q->next, call->body,
                    sizeof call->body);
  return true;
}

static void
intake_done(void *cls, long status, const json_t *json, double ms, bool counted)
{
  struct intake_client *ic = cls;
  const char *state = json_string_value(json_object_get(json, "state"));
  if (status == 201 && state != NULL && strcmp(state, "allocated") == 0) {
    ic->q->accepted++;
    bench_stats_add(&ic->q->lat, ms);
    return;
  }
  if (ic->q->lat.errors++ < 5) {
    char *text = json != NULL ? json_dumps(json, JSON_COMPACT) : NULL;
    bench_note("intake: status %ld: %s", status, text != NULL ? text : "");
    free(text);
  }
}

bool
bench_orders_intake(struct bench_ctx *c, const char *store, unsigned first,
                    unsigned n, unsigned clients, double *per_s, double *p50_ms)
{
  struct intake q = {.next = first - 1,
                     .total = first - 1 + n,
                     .token = c->admin_token,
                     .store = store};
  struct intake_client *ic = calloc(clients, sizeof *ic);
  void **cls = calloc(clients, sizeof *cls);
  if (ic == NULL || cls == NULL)
    abort();
  for (unsigned i = 0; i < clients; i++) {
    ic[i].q = &q;
    cls[i] = &ic[i];
  }
  static const struct bench_client_ops ops = {intake_next, intake_done};
  struct bench_window w = {0, 0};
  double elapsed = 0;
  bool ok = bench_http_run(&c->target, clients, cls, &ops, &w, &elapsed);
  *per_s = elapsed > 0 ? q.accepted / elapsed : 0;
  *p50_ms = bench_stats_pct(&q.lat, 50);
  bench_note("intake: %u orders in %.2f s (%u refused)", q.accepted, elapsed,
             q.lat.errors);
  ok = ok && q.lat.errors == 0 && q.accepted == n;
  bench_stats_clear(&q.lat);
  free(ic);
  free(cls);
  return ok;
}

/* Orders $3..$4 of store $1, external ids $2 || n, over SKUs $6+1..$6+$5:
 * the document web_order_input.c builds from an API body. */
static const char seed_sql[] =
    "SELECT count(*) FROM (SELECT (ord_do_intake("
    " (SELECT id FROM store WHERE code = $1),"
    " jsonb_build_object('external_id', $2 || g, 'currency', 'CNY',"
    "  'channel', 'api', 'shipping_amount', '0.00', 'notes', '',"
    "  'customer', jsonb_build_object('name', 'Bench Buyer',"
    "    'email', 'buyer' || (g % 5000) || '@example.com'),"
    "  'ship_to', jsonb_build_object('name', 'Bench Buyer',"
    "    'line1', '1 Bench Road', 'city', 'Zhuzhou', 'postcode', '412007',"
    "    'country_code', 'CN'),"
    "  'lines', (SELECT jsonb_agg(jsonb_build_object("
    "    'sku', 'SKU-' || lpad(($6::int + 1 + (g * 37 + k * 131) % $5::int)"
    "      ::text, 5, '0'),"
    "    'qty', 1 + (g + k) % 3, 'unit_price', '9.90') ORDER BY k)"
    "    FROM generate_series(0, 2) k)),"
    " NULL, 'bench-seed')).out_state AS st"
    " FROM generate_series($3::int, $4::int) g) x WHERE st = 'allocated'";

/* Sends one batch of orders @a from..@a to over half the catalog (@a half
 * 0 or 1) on @a pg; the reply is read by batch_end. */
static bool
batch_send(PGconn *pg, const char *store, unsigned from, unsigned to,
           unsigned half)
{
  char f[16], t[16], n[16], off[16];
  snprintf(f, sizeof f, "%u", from);
  snprintf(t, sizeof t, "%u", to);
  snprintf(n, sizeof n, "%d", BENCH_SKUS / 2);
  snprintf(off, sizeof off, "%u", half * (BENCH_SKUS / 2));
  const char *p[] = {store, "S", f, t, n, off};
  return PQsendQueryParams(pg, seed_sql, 6, NULL, p, NULL, NULL, 0) == 1
             ? true
             : bench_fail("seed: %s", PQerrorMessage(pg));
}

/* Reads the batch's reply: the number of orders allocated, or -1. */
static int64_t
batch_end(PGconn *pg)
{
  int64_t got = -1;
  PGresult *r;
  while ((r = PQgetResult(pg)) != NULL) {
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
      got = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    else
      bench_fail("seed: %s", PQresultErrorMessage(r));
    PQclear(r);
  }
  return got;
}

bool
bench_orders_seed(struct bench_ctx *c, const char *store, unsigned n)
{
  /* Two connections, each over its own half of the SKUs, so their
   * reservations never wait for each other's quant locks. */
  PGconn *pg[2] = {c->pg, c->pg2};
  double t0 = bench_http_now();
  for (unsigned done = 0; done < n;) {
    unsigned step = n - done < 1000 ? n - done : 1000;
    unsigned half = step / 2, first = c->seeded + 1;
    bool ok = batch_send(pg[0], store, first, first + half - 1, 0) &&
              batch_send(pg[1], store, first + half, first + step - 1, 1);
    int64_t a = batch_end(pg[0]), b = batch_end(pg[1]);
    if (!ok || a + b != (int64_t)step)
      return bench_fail("seed: orders %u..%u were not all allocated", first,
                        first + step - 1);
    c->seeded += step;
    done += step;
    fprintf(stderr, "\rbench: seeding %s orders %u/%u (%.0f/s)", store, done, n,
            done / (bench_http_now() - t0));
  }
  fprintf(stderr, "\n");
  return true;
}

bool
bench_orders_wave(struct bench_ctx *c, const char *store, unsigned batch,
                  unsigned max_orders, double *secs, int64_t *orders,
                  int64_t *lists)
{
  char body[200];
  snprintf(body, sizeof body,
           "{\"warehouse\":\"W1\",\"store\":\"%s\",\"batch_size\":%u,"
           "\"max_orders\":%u}",
           store, batch, max_orders);
  json_t *j = NULL;
  double ms = 0;
  long st = bench_http_call(&c->target, c->admin_token, "POST", "/api/v1/waves",
                            body, &j, &ms);
  *secs = ms / 1000.0;
  *orders = json_integer_value(json_object_get(j, "orders"));
  *lists = (int64_t)json_array_size(json_object_get(j, "picklists"));
  if (st != 201) {
    char *text = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;
    bench_fail("wave: status %ld: %s", st, text != NULL ? text : "");
    free(text);
  }
  json_decref(j);
  return st == 201 && bench_setup_totes(c);
}

bool
bench_orders_supply(struct bench_ctx *c, unsigned lists)
{
  int64_t open = bench_setup_sql_int(
      c, "SELECT count(*) FROM picklist WHERE state = 'open'", 0, NULL);
  if (open < 0)
    return false;
  if (open >= (int64_t)lists)
    return true;
  unsigned orders = (unsigned)(lists - open) * BENCH_WAVE_BATCH;
  bench_note("supply: %lld open lists, want %u: %u more orders",
             (long long)open, lists, orders);
  while (orders > 0) {
    unsigned step = orders < 2000 ? orders : 2000;
    double secs;
    int64_t got, made;
    if (!bench_orders_seed(c, "SCAN", step) ||
        !bench_orders_wave(c, "SCAN", BENCH_WAVE_BATCH, 2000, &secs, &got,
                           &made))
      return false;
    orders -= step;
  }
  return true;
}
