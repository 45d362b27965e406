#ifndef WEB_PUSH_H
#define WEB_PUSH_H
/*
 * Server-Sent Events to station terminals. One thread LISTENs on the
 * station channel with its own PostgreSQL connection; every notification
 * goes to the streams subscribed to its station, on whichever node they
 * are connected. A stream with nothing to send is suspended (MHD), never
 * holding a worker thread; a comment line every 15 s keeps it alive
 * through proxies and lets a vanished client be noticed.
 */
#include "core_ec.h"

#include <microhttpd.h>

/* Starts the listener on @a conninfo (in, copied). */
enum core_ec web_push_start(const char *conninfo);

/* Ends every open stream and stops the listener; before the server stops. */
void web_push_stop(void);

/*
 * A new event stream of @a station (in, copied) on @a conn; NULL when the
 * subscriber limit is reached or memory runs out. The response is the
 * caller's to queue.
 */
struct MHD_Response *web_push_stream(struct MHD_Connection *conn,
                                     const char *station);

#endif
