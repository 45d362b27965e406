#include "core_db_auth.h"

#include <stdio.h>

const char core_db_end_session_sql[] =
    "UPDATE auth_session SET ended_at = now() WHERE id = $1"
    " AND ended_at IS NULL";

enum core_qs
core_db_end_session(struct core_db_conn *c, int64_t id)
{
  char ids[24];
  snprintf(ids, sizeof ids, "%lld", (long long)id);
  const char *params[] = {ids};
  return core_db_query(c, "end_session", 1, params, NULL);
}
