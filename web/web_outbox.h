#ifndef WEB_OUTBOX_H
#define WEB_OUTBOX_H
/*
 * The outbox worker of `depot serve`: one thread that delivers due outbox
 * messages (stock sync POSTs to stores) with libcurl, and records each
 * outcome so failures are retried with backoff. Any number of servers may
 * run one: leases keep them from sending the same message at once.
 */
#include "core_ec.h"

/* Starts the worker thread. Returns CORE_EC_OK or CORE_EC_INTERNAL. */
enum core_ec web_outbox_start(void);

/* Asks the worker to stop and waits for it (its current POST finishes). */
void web_outbox_stop(void);

#endif
