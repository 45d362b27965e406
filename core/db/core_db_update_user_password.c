#include "core_db_auth.h"

const char core_db_update_user_password_sql[] =
    "UPDATE app_user SET password_hash = $2, updated_at = now()"
    " WHERE username = $1";

enum core_qs
core_db_update_user_password(struct core_db_conn *c, const char *username,
                             const char *hash)
{
  const char *params[] = {username, hash};
  return core_db_query(c, "update_user_password", 2, params, NULL);
}
