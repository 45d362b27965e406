#ifndef BENCH_SCAN_H
#define BENCH_SCAN_H

/* Pick by scan: N handhelds walk their pick lists over HTTP. */

#include "bench.h"

/* What one scan phase measured. */
struct bench_scan_result {
  double tps; /* scans answered 200 per second of the window */
  double p50_ms, p99_ms, p999_ms;
  double offered_per_s; /* open loop: scans scheduled per second */
  unsigned scans;       /* counted scans */
  unsigned errors;      /* scan or next replies other than 200 */
  unsigned lists_done;  /* lists walked to the end */
  unsigned dry;         /* handhelds that found no open list */
};

/**
 * Runs @a n handhelds, each logged in as its own picker (@a tokens, n of
 * them, borrowed): each takes a list with POST /api/v1/picklists/next and
 * scans what every reply's `action` asks for (bin, item with the remaining
 * quantity, tote) until its list is done, then takes the next one. Only
 * scan requests are measured, over @a secs seconds after @a warm_s.
 *
 * @param phase tells this phase's idempotency keys from the others'
 * @param[out] r the figures
 */
bool bench_scan_run(struct bench_ctx *c, char (*tokens)[BENCH_TOKEN_MAX],
                    unsigned n, unsigned phase, double warm_s, double secs,
                    struct bench_scan_result *r);

/**
 * The open loop (issue 26): @a n handhelds, each sending one scan every
 * 1 / @a per_hand_s seconds on a fixed schedule, staggered over the
 * handhelds, whether or not the server kept up; a scan's latency counts
 * from its scheduled time. Otherwise as bench_scan_run.
 */
bool bench_scan_open_run(struct bench_ctx *c, char (*tokens)[BENCH_TOKEN_MAX],
                         unsigned n, unsigned phase, double per_hand_s,
                         double warm_s, double secs,
                         struct bench_scan_result *r);

/**
 * The scan a list view asks for next, for handhelds and for checks.
 * @param view a picklist view (scan or next reply), borrowed
 * @param[out] code the code to scan (64 bytes); @param[out] qty 0 for none
 * @return false when the view asks for no scan (done, none)
 */
bool bench_scan_next_code(const json_t *view, char *code, size_t len,
                          int64_t *qty);

#endif
