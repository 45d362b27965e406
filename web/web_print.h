#ifndef WEB_PRINT_H
#define WEB_PRINT_H
/*
 * The print worker of `depot serve`: one thread that leases due print
 * jobs (wms_print.h), sends each to its printer over raw TCP and records
 * the outcome, so no request ever waits on a printer. Any number of
 * servers may run one: leases keep them from sending one job twice at
 * once.
 *
 * Timings come from the environment (milliseconds unless named), for
 * tests and slow printers: DEPOT_PRINT_TIMEOUT_MS (connect and each write,
 * 3000), DEPOT_PRINT_RETRY_MS (the first backoff, doubled each attempt,
 * 2000), DEPOT_PRINT_ATTEMPTS (attempts before a job fails, 5),
 * DEPOT_PRINT_POLL_MS (how often an idle worker looks, 500).
 */
#include "core_ec.h"

/* Starts the worker thread. Returns CORE_EC_OK or CORE_EC_INTERNAL. */
enum core_ec web_print_start(void);

/* Wakes the worker at once: a job was just queued. Safe from any thread. */
void web_print_wake(void);

/* Asks the worker to stop and waits for it (its current send finishes). */
void web_print_stop(void);

#endif
