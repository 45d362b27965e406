#ifndef CORE_LISTEN_H
#define CORE_LISTEN_H
/*
 * LISTEN/NOTIFY on a connection of its own, for the threads that act on
 * notifications (the session cache, the station push). The caller owns
 * the connection and its reconnect loop; this opens it and waits on it.
 */
#include <libpq-fe.h>
#include <stdbool.h>

/*
 * Connects to @a conninfo (in) and runs @a sql (in: SET/LISTEN statements,
 * constants of the caller). Returns the connection, or NULL after a
 * warning naming @a who (in) when either fails.
 */
PGconn *core_listen_open(const char *conninfo, const char *sql,
                         const char *who);

/*
 * Waits up to @a timeout_ms for notifications on @a pg and calls @a on
 * with each payload (valid during the call) and @a cls. Returns false when
 * the connection is lost (the caller reconnects), true otherwise, also
 * when the wait was interrupted.
 */
bool core_listen_wait(PGconn *pg, int timeout_ms,
                      void (*on)(const char *payload, void *cls), void *cls);

#endif
