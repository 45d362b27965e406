#include "core_sync.h"

#include "core_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * One round trip on the primary. pg_stat_replication shows its columns
 * only to superusers and members of pg_read_all_stats (the embedded
 * cluster's depot user is a superuser; an external setup grants
 * pg_monitor): without them the standbys' states read NULL, which is
 * reported as unknown, not as blocked.
 */
static const char sync_sql[] =
    "SELECT current_setting('synchronous_standby_names'),"
    " pg_has_role(current_user, 'pg_read_all_stats', 'USAGE'),"
    " (SELECT count(*) FROM pg_stat_replication),"
    " (SELECT count(*) FROM pg_stat_replication"
    "   WHERE sync_state IN ('sync', 'quorum')),"
    " (SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'SyncRep'),"
    " (SELECT coalesce(json_agg(json_build_object('name', application_name,"
    "   'state', state, 'sync_state', sync_state, 'flush_lag_ms',"
    "   (extract(epoch FROM flush_lag) * 1000)::bigint)"
    "   ORDER BY application_name), '[]') FROM pg_stat_replication)";

void
core_sync_measure(struct core_sync_state *out)
{
  memset(out, 0, sizeof *out);
  struct core_db_conn *c;
  if (core_db_acquire(&c) != CORE_EC_OK)
    return;
  PGresult *r = PQexec(core_db_pg(c), sync_sql);
  if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
    out->measured = true;
    snprintf(out->names, sizeof out->names, "%s", PQgetvalue(r, 0, 0));
    out->visible = strcmp(PQgetvalue(r, 0, 1), "t") == 0;
    out->standbys = atol(PQgetvalue(r, 0, 2));
    out->sync = atol(PQgetvalue(r, 0, 3));
    out->waiting = atol(PQgetvalue(r, 0, 4));
    out->detail = json_loads(PQgetvalue(r, 0, 5), 0, NULL);
  }
  PQclear(r);
  core_db_release(c);
  if (out->detail == NULL)
    out->detail = json_array();
}

enum core_sync_mode
core_sync_mode_of(const struct core_sync_state *st)
{
  if (!st->measured)
    return CORE_SYNC_UNKNOWN;
  if (st->names[0] == '\0')
    return CORE_SYNC_OFF;
  if (st->sync > 0)
    return CORE_SYNC_ON;
  /* Hidden columns count no standby as synchronous: say unknown unless
   * commits are seen waiting. */
  return st->visible || st->waiting > 0 ? CORE_SYNC_BLOCKED : CORE_SYNC_UNKNOWN;
}

const char *
core_sync_mode_name(enum core_sync_mode m)
{
  switch (m) {
    case CORE_SYNC_OFF:
      return "off";
    case CORE_SYNC_ON:
      return "on";
    case CORE_SYNC_BLOCKED:
      return "blocked";
    case CORE_SYNC_UNKNOWN:
      break;
  }
  return "unknown";
}

void
core_sync_clear(struct core_sync_state *st)
{
  json_decref(st->detail);
  st->detail = NULL;
}
