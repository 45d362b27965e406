#include "core_db_auth.h"

#include "core_db_result.h"

#include <stdio.h>
#include <stdlib.h>

const char core_db_insert_session_sql[] =
    "INSERT INTO auth_session (token_hash, csrf_token, user_id, client_addr,"
    " expires_at) VALUES (" CORE_DB_AUTH_DIGEST(
        "$1") ", $2, $3, $4,"
              " now() + make_interval(secs => $5::int)) RETURNING id";

enum core_qs
core_db_insert_session(struct core_db_conn *c, const char *token,
                       const char *csrf, int64_t user_id, const char *addr,
                       int lifetime_s, int64_t *id)
{
  char uid[24], life[24];
  snprintf(uid, sizeof uid, "%lld", (long long)user_id);
  snprintf(life, sizeof life, "%d", lifetime_s);
  const char *params[] = {token, csrf, uid, addr, life};
  struct core_db_rspec rs[] = {CORE_DB_RS_INT64("id", id), CORE_DB_RS_END};
  return core_db_result_one(c, "insert_session", 5, params, rs, NULL);
}
