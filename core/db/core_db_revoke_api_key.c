#include "core_db_auth.h"

const char core_db_revoke_api_key_sql[] =
    "UPDATE api_key SET revoked_at = now() WHERE name = $1"
    " AND revoked_at IS NULL";

enum core_qs
core_db_revoke_api_key(struct core_db_conn *c, const char *name)
{
  const char *params[] = {name};
  return core_db_query(c, "revoke_api_key", 1, params, NULL);
}
