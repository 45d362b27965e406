#include "core_listen.h"

#include "core_log.h"

#include <errno.h>
#include <poll.h>

PGconn *
core_listen_open(const char *conninfo, const char *sql, const char *who)
{
  PGconn *pg = PQconnectdb(conninfo);
  PGresult *r = PQstatus(pg) == CONNECTION_OK ? PQexec(pg, sql) : NULL;
  bool ok = r != NULL && PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  if (!ok) {
    CORE_WARN("%s: cannot listen: %s", who, PQerrorMessage(pg));
    PQfinish(pg);
    return NULL;
  }
  return pg;
}

bool
core_listen_wait(PGconn *pg, int timeout_ms,
                 void (*on)(const char *payload, void *cls), void *cls)
{
  /* poll, not select: a node with many connections open hands out
   * descriptors past FD_SETSIZE when it reconnects. */
  struct pollfd p = {.fd = PQsocket(pg), .events = POLLIN};
  if (p.fd < 0)
    return false;
  if (poll(&p, 1, timeout_ms) < 0)
    return errno == EINTR;
  if (PQconsumeInput(pg) == 0 || PQstatus(pg) != CONNECTION_OK)
    return false;
  PGnotify *n;
  while ((n = PQnotifies(pg)) != NULL) {
    on(n->extra, cls);
    PQfreemem(n);
  }
  return true;
}
