#include "core_db_auth.h"

#include <stdlib.h>

const char core_db_insert_user_sql[] =
    "INSERT INTO app_user (username, role, password_hash, badge_code,"
    " pin_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id";

enum core_qs
core_db_insert_user(struct core_db_conn *c, const char *username,
                    const char *role, const char *hash, const char *badge,
                    const char *pin_hash, int64_t *id)
{
  const char *params[] = {username, role, hash, badge, pin_hash};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "insert_user", 5, params, &r);
  if (qs == CORE_QS_ONE)
    *id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
  PQclear(r);
  return qs;
}
