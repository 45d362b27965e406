#include "core_db_auth.h"

#include "core_db_result.h"

#include <stdlib.h>

const char core_db_insert_user_sql[] =
    "INSERT INTO app_user (username, role, password_hash, badge_code,"
    " pin_hash, owner_id) VALUES ($1, $2, $3, $4, $5, owner_id_of($6))"
    " RETURNING id";

enum core_qs
core_db_insert_user(struct core_db_conn *c, const char *username,
                    const char *role, const char *hash, const char *badge,
                    const char *pin_hash, const char *owner, int64_t *id)
{
  const char *params[] = {username, role, hash, badge, pin_hash, owner};
  struct core_db_rspec rs[] = {CORE_DB_RS_INT64("id", id), CORE_DB_RS_END};
  return core_db_result_one(c, "insert_user", 6, params, rs, NULL);
}
