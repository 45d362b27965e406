#include "core_db_auth.h"

const char core_db_end_user_sessions_sql[] =
    "UPDATE auth_session SET ended_at = now() WHERE ended_at IS NULL"
    " AND user_id = (SELECT id FROM app_user WHERE username = $1)";

enum core_qs
core_db_end_user_sessions(struct core_db_conn *c, const char *username)
{
  const char *params[] = {username};
  return core_db_query(c, "end_user_sessions", 1, params, NULL);
}
