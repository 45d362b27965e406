#include "web_readyz_get.h"

#include "core_db.h"
#include "core_log.h"
#include "core_replica.h"
#include "core_sync.h"
#include "web_reply.h"

#include <stdint.h>

/*
 * The primary's synchronous replication (DEPOT_SYNC_REPLICA): whether this
 * node asks for it, the mode the primary is in ("blocked": a standby is
 * named and none acknowledges, so every synchronous commit waits), the
 * commits waiting now and the standbys. Never a reason to be unready:
 * reads and sign-ins still work while commits wait, and all nodes share
 * the one primary, so taking them out would stop those too.
 */
static json_t *
replication(void)
{
  struct core_sync_state st;
  core_sync_measure(&st);
  json_t *j = json_pack("{s:s, s:s, s:s, s:I, s:I, s:O}", "sync_replica",
                        core_db_is_sync_commit() ? "on" : "off", "mode",
                        core_sync_mode_name(core_sync_mode_of(&st)),
                        "synchronous_standby_names", st.names, "standbys",
                        (json_int_t)st.standbys, "commits_waiting",
                        (json_int_t)st.waiting, "detail", st.detail);
  core_sync_clear(&st);
  return j;
}

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
    return web_reply_pack(req, MHD_HTTP_OK, "{s:s, s:s, s:s, s:{s:{s:s}}, s:o}",
                          "status", "ready", "database", "ok", "node",
                          core_log_node(), "targets", "primary", "state", "up",
                          "replication", replication());
  char lsn[32];
  core_replica_lsn_format(st.replay_lsn, lsn, sizeof lsn);
  const char *state = !st.up ? "down"
                      : core_replica_choose(NULL) == CORE_REPLICA_USE
                          ? "up"
                          : "lagging";
  return web_reply_pack(
      req, MHD_HTTP_OK,
      "{s:s, s:s, s:s, s:{s:{s:s}, s:{s:s, s:I, s:s, s:I}}, s:o}", "status",
      "ready", "database", "ok", "node", core_log_node(), "targets", "primary",
      "state", "up", "replica", "state", state, "lag_ms", (json_int_t)st.lag_ms,
      "replay_lsn", st.up ? lsn : "", "probe_us", (json_int_t)st.probe_us,
      "replication", replication());
}
