#include "core_db_auth.h"

#include <stdlib.h>

/*
 * Failures for a name since its last success, and for an address, inside
 * the 15-minute window; and how long until the oldest failure that counts
 * towards each limit (5 per name, 50 per address) leaves the window.
 */
const char core_db_select_login_throttle_sql[] =
    "SELECT"
    " (SELECT count(*) FROM login_attempt WHERE username = $1 AND NOT ok"
    "   AND at > now() - interval '15 minutes' AND at > coalesce("
    "   (SELECT max(at) FROM login_attempt WHERE username = $1 AND ok),"
    "   '-infinity')),"
    " (SELECT count(*) FROM login_attempt WHERE client_addr = $2 AND NOT ok"
    "   AND at > now() - interval '15 minutes'),"
    " coalesce((SELECT ceil(extract(epoch FROM min(at) + interval"
    "   '15 minutes' - now())) FROM (SELECT at FROM login_attempt"
    "   WHERE username = $1 AND NOT ok ORDER BY at DESC LIMIT 5) x), 0)::int,"
    " coalesce((SELECT ceil(extract(epoch FROM min(at) + interval"
    "   '15 minutes' - now())) FROM (SELECT at FROM login_attempt"
    "   WHERE client_addr = $2 AND NOT ok ORDER BY at DESC LIMIT 50) y),"
    "   0)::int";

enum core_qs
core_db_select_login_throttle(struct core_db_conn *c, const char *name,
                              const char *addr,
                              struct core_db_login_throttle *out)
{
  const char *params[] = {name, addr};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "select_login_throttle", 2, params, &r);
  if (qs == CORE_QS_ONE) {
    out->user_fails = strtol(PQgetvalue(r, 0, 0), NULL, 10);
    out->addr_fails = strtol(PQgetvalue(r, 0, 1), NULL, 10);
    out->user_retry_s = strtol(PQgetvalue(r, 0, 2), NULL, 10);
    out->addr_retry_s = strtol(PQgetvalue(r, 0, 3), NULL, 10);
  }
  PQclear(r);
  return qs;
}
