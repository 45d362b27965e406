#include "core_db_auth.h"

const char core_db_insert_api_key_sql[] =
    "INSERT INTO api_key (name, key_prefix, key_hash, scopes)"
    " VALUES ($1, $2, " CORE_DB_AUTH_DIGEST("$3") ", $4)";

enum core_qs
core_db_insert_api_key(struct core_db_conn *c, const char *name,
                       const char *prefix, const char *key, const char *scopes)
{
  const char *params[] = {name, prefix, key, scopes};
  return core_db_query(c, "insert_api_key", 4, params, NULL);
}
