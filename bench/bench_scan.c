#include "bench_scan.h"

#include "bench_setup.h"
#include "bench_stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What all handhelds of a phase add up. */
struct phase {
  struct bench_stats lat;
  unsigned scans, lists_done, dry, number;
};

/* One handheld: its session, its list and the scan it sends next. */
struct hand {
  struct phase *ph;
  const char *token;
  unsigned idx, seq, errors;
  int64_t list;
  char code[64];
  int64_t qty;
  bool need_list, in_scan, stopped;
  double period, next_due; /* open loop: seconds between scans, next one */
};

bool
bench_scan_next_code(const json_t *view, char *code, size_t len, int64_t *qty)
{
  const char *action = json_string_value(json_object_get(view, "action"));
  const json_t *task = json_object_get(view, "task");
  const char *bin = json_string_value(json_object_get(task, "bin"));
  const char *sku = json_string_value(json_object_get(task, "sku"));
  const char *tote = json_string_value(json_object_get(task, "tote"));
  *qty = 0;
  if (action == NULL || bin == NULL || sku == NULL || strlen(sku) < 5)
    return false;
  if (strcmp(action, "scan_bin") == 0) {
    snprintf(code, len, "%s", bin);
  } else if (strcmp(action, "scan_item") == 0) {
    /* SKU-nnnnn carries the barcode BC-nnnnn (bench_setup_catalog). */
    snprintf(code, len, "BC-%s", sku + 4);
    *qty = json_integer_value(json_object_get(task, "remaining"));
  } else if (strcmp(action, "scan_tote") == 0 ||
             strcmp(action, "scan_item_or_tote") == 0) {
    if (tote != NULL)
      snprintf(code, len, "%s", tote);
    else
      bench_setup_tote_code(
          json_integer_value(json_object_get(task, "order_id")), code, len);
  } else {
    return false;
  }
  return true;
}

static bool
hand_next(void *cls, struct bench_call *call)
{
  struct hand *h = cls;
  if (h->stopped)
    return false;
  call->method = "POST";
  call->token = h->token;
  h->in_scan = !h->need_list;
  if (h->need_list) {
    snprintf(call->path, sizeof call->path, "/api/v1/picklists/next");
    snprintf(call->body, sizeof call->body, "{\"warehouse\":\"W1\"}");
    return true;
  }
  snprintf(call->path, sizeof call->path, "/api/v1/picklists/%lld/scan",
           (long long)h->list);
  if (h->period > 0) {
    call->not_before = h->next_due;
    h->next_due += h->period;
  }
  char qty[32] = "";
  if (h->qty > 0)
    snprintf(qty, sizeof qty, "\"qty\":%lld,", (long long)h->qty);
  snprintf(call->body, sizeof call->body,
           "{\"code\":\"%s\",%s\"idempotency_key\":\"h%02u-%u-%u\"}", h->code,
           qty, h->idx, h->ph->number, ++h->seq);
  return true;
}

/* A refused request: logged (a few), then the handheld asks for its list
 * again; one that keeps failing stops. */
static void
hand_error(struct hand *h, long status, const json_t *json)
{
  h->ph->lat.errors++;
  if (h->errors++ < 3) {
    char *text = json != NULL ? json_dumps(json, JSON_COMPACT) : NULL;
    bench_note("handheld %u: %s: status %ld: %s", h->idx,
               h->in_scan ? "scan" : "next", status, text != NULL ? text : "");
    free(text);
  }
  h->need_list = true;
  h->stopped = h->errors > 50;
}

static void
hand_done(void *cls, long status, const json_t *json, double ms, bool counted)
{
  struct hand *h = cls;
  if (status != 200) {
    hand_error(h, status, json);
    return;
  }
  if (h->in_scan && counted) {
    h->ph->scans++;
    bench_stats_add(&h->ph->lat, ms);
  }
  const char *action = json_string_value(json_object_get(json, "action"));
  if (action != NULL && strcmp(action, "none") == 0) {
    h->ph->dry++;
    h->stopped = true;
    return;
  }
  if (action != NULL && strcmp(action, "done") == 0) {
    h->ph->lists_done++;
    h->need_list = true;
    return;
  }
  h->list = json_integer_value(json_object_get(json, "picklist"));
  h->need_list = !bench_scan_next_code(json, h->code, sizeof h->code, &h->qty);
  if (h->need_list)
    hand_error(h, status, json);
}

/* Both loops; @a per_hand_s 0 is the closed loop (back to back). */
static bool
run_hands(struct bench_ctx *c, char (*tokens)[BENCH_TOKEN_MAX], unsigned n,
          unsigned phase, double per_hand_s, double warm_s, double secs,
          struct bench_scan_result *r)
{
  struct phase ph = {.number = phase};
  struct hand *hands = calloc(n, sizeof *hands);
  void **cls = calloc(n, sizeof *cls);
  if (hands == NULL || cls == NULL)
    abort();
  double period = per_hand_s > 0 ? 1.0 / per_hand_s : 0;
  /* The first scans spread over one period, as pickers' would. */
  double t0 = bench_http_now() + 0.2;
  for (unsigned i = 0; i < n; i++) {
    hands[i] = (struct hand){.ph = &ph,
                             .token = tokens[i],
                             .idx = i,
                             .need_list = true,
                             .period = period,
                             .next_due = t0 + period * i / n};
    cls[i] = &hands[i];
  }
  static const struct bench_client_ops ops = {hand_next, hand_done};
  struct bench_window w = {warm_s, secs};
  double elapsed = 0;
  bool ok = bench_http_run(&c->target, n, cls, &ops, &w, &elapsed);
  *r = (struct bench_scan_result){
      .tps = ph.scans / secs,
      .p50_ms = bench_stats_pct(&ph.lat, 50),
      .p99_ms = bench_stats_pct(&ph.lat, 99),
      .p999_ms = bench_stats_pct(&ph.lat, 99.9),
      .offered_per_s = n * per_hand_s,
      .scans = ph.scans,
      .errors = ph.lat.errors,
      .lists_done = ph.lists_done,
      .dry = ph.dry,
  };
  bench_note("scan %s%u: %u scans in %.0f s, %.1f/s, p50 %.2f ms, p99 %.2f "
             "ms, p99.9 %.2f ms, %u errors, %u lists done, %u handhelds ran "
             "dry",
             period > 0 ? "open" : "c", n, ph.scans, secs, r->tps, r->p50_ms,
             r->p99_ms, r->p999_ms, r->errors, r->lists_done, r->dry);
  bench_stats_clear(&ph.lat);
  free(hands);
  free(cls);
  return ok;
}

bool
bench_scan_run(struct bench_ctx *c, char (*tokens)[BENCH_TOKEN_MAX], unsigned n,
               unsigned phase, double warm_s, double secs,
               struct bench_scan_result *r)
{
  return run_hands(c, tokens, n, phase, 0, warm_s, secs, r);
}

bool
bench_scan_open_run(struct bench_ctx *c, char (*tokens)[BENCH_TOKEN_MAX],
                    unsigned n, unsigned phase, double per_hand_s,
                    double warm_s, double secs, struct bench_scan_result *r)
{
  return run_hands(c, tokens, n, phase, per_hand_s, warm_s, secs, r);
}
