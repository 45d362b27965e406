#include "core_db_auth.h"

#include <stdio.h>

/*
 * Read-your-writes on a read replica (docs/scale.md): the WAL position
 * after the session's change committed, a bound at or past its commit
 * record. Committed without waiting for the WAL flush (set_config local to
 * the statement's own transaction): the position guides reads only, and a
 * crash that loses it costs at most one read served a moment stale.
 */
const char core_db_note_session_write_sql[] =
    "WITH a AS (SELECT set_config('synchronous_commit', 'off', true))"
    " UPDATE auth_session SET write_lsn = pg_current_wal_lsn() FROM a"
    " WHERE id = $1";

enum core_qs
core_db_note_session_write(struct core_db_conn *c, int64_t id)
{
  char ids[24];
  snprintf(ids, sizeof ids, "%lld", (long long)id);
  const char *params[] = {ids};
  return core_db_query(c, "note_session_write", 1, params, NULL);
}
