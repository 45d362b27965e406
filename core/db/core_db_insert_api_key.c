#include "core_db_auth.h"

const char core_db_insert_api_key_sql[] =
    "INSERT INTO api_key (name, key_prefix, key_hash, scopes, supplier_id,"
    " owner_id)"
    " SELECT $1, $2, " CORE_DB_AUTH_DIGEST(
        "$3") ", $4, s.id, owner_id_of($6)"
              " FROM (SELECT NULL) x LEFT JOIN supplier s ON s.code = $5"
              " WHERE $5::text IS NULL OR s.id IS NOT NULL";

enum core_qs
core_db_insert_api_key(struct core_db_conn *c, const char *name,
                       const char *prefix, const char *key, const char *scopes,
                       const char *supplier, const char *owner)
{
  const char *params[] = {name, prefix, key, scopes, supplier, owner};
  return core_db_query(c, "insert_api_key", 6, params, NULL);
}
