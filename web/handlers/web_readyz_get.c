#include "web_readyz_get.h"

#include "core_db.h"
#include "core_log.h"
#include "core_replica.h"
#include "web_reply.h"

#include <stdint.h>

/*
 * Ready when the primary answers. A read replica is reported beside it
 * (state, replay lag, what measuring it costs) but never makes the node
 * unready: reads go to the primary while it is down or lagging.
 */
enum MHD_Result
web_readyz_get(struct web_request *req)
{
  if (!core_db_ping())
    return web_reply_error(req, CORE_EC_DB_UNAVAILABLE, NULL,
                           "the database does not answer");
  struct core_replica_state st;
  core_replica_state(&st);
  if (!st.configured)
    return web_reply_pack(req, MHD_HTTP_OK, "{s:s, s:s, s:s, s:{s:{s:s}}}",
                          "status", "ready", "database", "ok", "node",
                          core_log_node(), "targets", "primary", "state", "up");
  char lsn[32];
  core_replica_lsn_format(st.replay_lsn, lsn, sizeof lsn);
  const char *state = !st.up ? "down"
                      : core_replica_choose(NULL) == CORE_REPLICA_USE
                          ? "up"
                          : "lagging";
  return web_reply_pack(
      req, MHD_HTTP_OK, "{s:s, s:s, s:s, s:{s:{s:s}, s:{s:s, s:I, s:s, s:I}}}",
      "status", "ready", "database", "ok", "node", core_log_node(), "targets",
      "primary", "state", "up", "replica", "state", state, "lag_ms",
      (json_int_t)st.lag_ms, "replay_lsn", st.up ? lsn : "", "probe_us",
      (json_int_t)st.probe_us);
}
