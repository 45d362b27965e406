#ifndef WEB_OFFICE_H
#define WEB_OFFICE_H
/*
 * The office's lane (issue 26 item 1): heavy back-office requests (order
 * intake, waves, reports: routes marked `office` in web_routes.c) run on
 * threads of their own instead of libmicrohttpd's. MHD binds each
 * connection to one of its threads and a handler blocks that thread, so a
 * 50 ms intake used to stall every handheld connection sharing it. Here
 * the connection is suspended, the job runs on an office thread (at a
 * lower CPU priority, with database connections of the office pool whose
 * backends run at that priority too: core_db_open_office), and the reply
 * is queued by MHD's thread when the job resumes the connection.
 */
#include "core_ec.h"

#include <stdbool.h>

struct web_office;

/* One piece of work: run(arg) on an office thread. */
typedef void (*web_office_fn)(void *arg);

/*
 * Starts @a threads threads (at least 1) at nice @a nice (0-19; raising a
 * thread's nice needs no privilege); with @a office_pool their acquires
 * take the office pool (core_db_office_thread), else the primary's (or the
 * replica for routed reads). On success @a out (out) owns the lane; stop
 * it with web_office_stop. CORE_EC_INTERNAL (logged) if no thread could
 * start.
 */
enum core_ec web_office_start(unsigned threads, int nice, bool office_pool,
                              struct web_office **out);

/*
 * Queues @a fn(@a arg) (in). False, with nothing queued, when the lane is
 * stopping or already holds its limit of waiting jobs: the caller does
 * the work itself.
 */
bool web_office_submit(struct web_office *o, web_office_fn fn, void *arg);

/*
 * Runs every job already queued and joins the threads; later submits are
 * refused. NULL is fine. @a o stays valid until web_office_free.
 */
void web_office_stop(struct web_office *o);

/* Frees @a o (owned, consumed; stopped first if not yet). NULL is fine. */
void web_office_free(struct web_office *o);

#endif
