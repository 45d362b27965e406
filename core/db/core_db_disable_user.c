#include "core_db_auth.h"

const char core_db_disable_user_sql[] =
    "UPDATE app_user SET active = false, updated_at = now()"
    " WHERE username = $1";

enum core_qs
core_db_disable_user(struct core_db_conn *c, const char *username)
{
  const char *params[] = {username};
  return core_db_query(c, "disable_user", 1, params, NULL);
}
