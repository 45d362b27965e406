#ifndef WEB_SERVER_H
#define WEB_SERVER_H
/*
 * The HTTP server: libmicrohttpd with an internal thread pool, the router
 * in front of every handler, one access-log line per request, and a
 * graceful stop that lets requests in flight finish.
 */
#include "core_ec.h"
#include "web_rate.h"

#include <stddef.h>

struct web_server_opts {
  const char *listen;   /* "host:port"; port 0 picks a free one */
  unsigned threads;     /* worker threads, at least 1 */
  size_t body_limit;    /* larger bodies get 413 */
  const char *tls_cert; /* PEM text; NULL: plain HTTP */
  const char *tls_key;  /* PEM text of the certificate's key */
  unsigned per_ip;      /* connections one client address may hold; 0: 1000 */
  unsigned timeout_s;   /* a silent connection is closed after; 0: 30 */
  struct web_rate_opts rate; /* request rates (web_rate.h); zeros: none */
  unsigned office_threads;   /* office lane (web_office.h); 0: none */
  int office_nice;           /* its threads' and backends' nice, 0-19 */
};

struct web_server;

/*
 * Starts serving with @a opts (in). On success @a out (out) owns the
 * server; stop it with web_server_stop. Returns CORE_EC_OK or
 * CORE_EC_INTERNAL (logged: bad address, port in use).
 */
enum core_ec web_server_start(const struct web_server_opts *opts,
                              struct web_server **out);

/* The TCP port @a s (in) listens on. */
unsigned web_server_port(const struct web_server *s);

/*
 * Stops accepting, waits up to @a grace_ms for requests in flight, then
 * closes every connection and frees @a s (owned, consumed).
 */
void web_server_stop(struct web_server *s, unsigned grace_ms);

/*
 * Stops accepting connections (the listening socket closes) while the
 * requests in flight go on; web_server_stop does it too if not done yet.
 */
void web_server_quiesce(struct web_server *s);

#endif
