#ifndef WMS_PRINT_H
#define WMS_PRINT_H
/*
 * The print queue (table print_job, procedures sql/procs/wms_print.sql):
 * a carton's close queues its label in its own transaction
 * (wms_carton_close), a reprint queues it again, and the print workers of
 * `depot serve` (web/web_print.c) lease due jobs with SKIP LOCKED, send
 * them and record the outcome: printed, queued again after a backoff, or
 * failed after the last attempt.
 */
#include "core_ec.h"
#include "core_proc.h"
#include "core_stock.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct core_arena;

/* One leased job. */
struct wms_print_job {
  int64_t id;
  const char *printer; /* host:port */
  const char *payload; /* ZPL */
  size_t len;          /* its length */
  int attempts;        /* including this one */
};

/*
 * Leases up to @a max due jobs (@a out in @a arena, @a n out) for
 * @a lease_ms: each counts as an attempt and is hidden from other workers
 * until the lease ends (a worker that dies mid-send is retried then).
 */
enum core_ec wms_print_lease(unsigned max, int lease_ms,
                             struct core_arena *arena,
                             struct wms_print_job **out, unsigned *n);

/*
 * Records how job @a j went: @a ok makes it printed; otherwise @a error
 * (in) is kept and the job is due again after @a base_ms x 2^(attempts-1)
 * (at most an hour), or failed once it has had @a max_attempts.
 */
enum core_ec wms_print_done(const struct wms_print_job *j, bool ok,
                            const char *error, int max_attempts, int base_ms);

/*
 * Queues closed carton @a carton's label again for station @a station
 * (NULL: the one it was packed at) under @a idempotency_key (NULL: none;
 * the same key returns the same job, replayed). @a out's doc is the job.
 * Refusals: not_found, carton_not_closed, unknown_station, no_printer,
 * idempotency_conflict.
 */
enum core_ec wms_print_reprint(int64_t carton, const char *station,
                               const char *idempotency_key,
                               const struct core_stock_actor *who,
                               struct core_arena *arena,
                               struct core_outcome *out);

/*
 * Queues shipment @a ship's packing slip again (rendered from what its
 * cartons hold) for station @a station (NULL: the one it was packed at)
 * under @a idempotency_key (NULL: none; the same key returns the same job,
 * replayed). @a out's doc is the job (strings in @a arena). Refusals:
 * not_found (no such shipment, or nothing packed yet), unknown_station,
 * no_printer, idempotency_conflict.
 */
enum core_ec wms_print_slip(int64_t ship, const char *station,
                            const char *idempotency_key,
                            const struct core_stock_actor *who,
                            struct core_arena *arena, struct core_outcome *out);

/*
 * Queues @a zpl (in: labels built by the caller) for station @a station's
 * printer under @a idempotency_key (NULL: none; the same key returns the
 * same job, replayed). @a out's doc is the job. Refusals:
 * unknown_station, no_printer.
 */
enum core_ec wms_print_labels(const char *station, const char *zpl,
                              const char *idempotency_key,
                              const struct core_stock_actor *who,
                              struct core_arena *arena,
                              struct core_outcome *out);

/*
 * Jobs newest first as a JSON array (@a items in @a arena): of station
 * @a station and warehouse @a wh (NULL: any), only of warehouses in the
 * comma list @a allowed (NULL: all), in @a state (NULL: any), with ids
 * below @a before (0: from the newest), at most @a limit.
 */
enum core_ec wms_print_list(const char *station, const char *wh,
                            const char *allowed, const char *state,
                            int64_t before, int64_t limit,
                            struct core_arena *arena, const char **items);

void wms_print_register(void);

#endif
