#include "core_db_auth.h"

#include "core_db_result.h"

#include <stdlib.h>

/*
 * The failures that count, inside the 15-minute window and after the
 * name's last unlock: of the name from this address since its last
 * success from here (a success elsewhere does not forgive this address),
 * of the name from anywhere since its last success, and of this address
 * with names that do not exist. With the first and the last, how long
 * until the oldest failure that counts towards its limit (5 for the pair,
 * 50 for the address) leaves the window; with the second, the seconds
 * since the newest (for the slow-down).
 */
const char core_db_select_login_throttle_sql[] =
    "WITH o AS (SELECT coalesce(max(at) FILTER (WHERE unlock), '-infinity')"
    "   AS unlocked, coalesce(max(at) FILTER (WHERE client_addr = $2),"
    "   '-infinity') AS here, coalesce(max(at), '-infinity') AS anywhere"
    "   FROM login_attempt WHERE username = $1 AND ok"
    "   AND at > now() - interval '15 minutes'),"
    " f AS (SELECT l.client_addr, l.at, l.at > o.anywhere AS since_ok,"
    "   l.client_addr = $2 AND l.at > o.here AS pair"
    "   FROM login_attempt l, o WHERE l.username = $1 AND NOT l.ok"
    "   AND l.at > greatest(now() - interval '15 minutes', o.unlocked)),"
    " u AS (SELECT at FROM login_attempt WHERE client_addr = $2 AND NOT ok"
    "   AND NOT known AND at > now() - interval '15 minutes')"
    " SELECT (SELECT count(*) FROM f WHERE pair) AS pair_fails,"
    " coalesce((SELECT ceil(extract(epoch FROM min(at) + interval"
    "   '15 minutes' - now())) FROM (SELECT at FROM f WHERE pair"
    "   ORDER BY at DESC LIMIT 5) x), 0)::int AS pair_retry_s,"
    " (SELECT count(*) FROM f WHERE since_ok) AS user_fails,"
    " coalesce(extract(epoch FROM now() - (SELECT max(at) FROM f"
    "   WHERE since_ok)), 1e9) AS user_idle_s,"
    " (SELECT count(*) FROM u) AS addr_fails,"
    " coalesce((SELECT ceil(extract(epoch FROM min(at) + interval"
    "   '15 minutes' - now())) FROM (SELECT at FROM u ORDER BY at DESC"
    "   LIMIT 50) y), 0)::int AS addr_retry_s";

enum core_qs
core_db_select_login_throttle(struct core_db_conn *c, const char *name,
                              const char *addr,
                              struct core_db_login_throttle *out)
{
  const char *params[] = {name, addr};
  int64_t v[5] = {0, 0, 0, 0, 0};
  struct core_db_rspec rs[] = {
      CORE_DB_RS_INT64("pair_fails", &v[0]),
      CORE_DB_RS_INT64("pair_retry_s", &v[1]),
      CORE_DB_RS_INT64("user_fails", &v[2]),
      CORE_DB_RS_DOUBLE("user_idle_s", &out->user_idle_s),
      CORE_DB_RS_INT64("addr_fails", &v[3]),
      CORE_DB_RS_INT64("addr_retry_s", &v[4]),
      CORE_DB_RS_END,
  };
  enum core_qs qs =
      core_db_result_one(c, "select_login_throttle", 2, params, rs, NULL);
  if (qs == CORE_QS_ONE) {
    out->pair_fails = (long)v[0];
    out->pair_retry_s = (long)v[1];
    out->user_fails = (long)v[2];
    out->addr_fails = (long)v[3];
    out->addr_retry_s = (long)v[4];
  }
  return qs;
}
