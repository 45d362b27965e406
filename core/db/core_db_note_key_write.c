#include "core_db_auth.h"

#include <stdio.h>

/*
 * Read-your-writes for an API key (migration 0470), as
 * core_db_note_session_write for a session: the WAL position after the
 * key's change committed, never moved back by a slower concurrent request
 * of the same key, committed without waiting for the WAL flush. A key
 * deleted meanwhile records nothing.
 */
const char core_db_note_key_write_sql[] =
    "WITH a AS (SELECT set_config('synchronous_commit', 'off', true))"
    " INSERT INTO api_key_write (key_id, write_lsn)"
    " SELECT k.id, pg_current_wal_lsn() FROM a, api_key k WHERE k.id = $1"
    " ON CONFLICT (key_id) DO UPDATE"
    " SET write_lsn = greatest(api_key_write.write_lsn, excluded.write_lsn)";

enum core_qs
core_db_note_key_write(struct core_db_conn *c, int64_t id)
{
  char ids[24];
  snprintf(ids, sizeof ids, "%lld", (long long)id);
  const char *params[] = {ids};
  return core_db_query(c, "note_key_write", 1, params, NULL);
}
