#include "core_db_auth.h"

const char core_db_insert_login_attempt_sql[] =
    "INSERT INTO login_attempt (username, client_addr, ok)"
    " VALUES ($1, $2, $3::boolean)";

enum core_qs
core_db_insert_login_attempt(struct core_db_conn *c, const char *name,
                             const char *addr, bool ok)
{
  const char *params[] = {name, addr, ok ? "t" : "f"};
  return core_db_query(c, "insert_login_attempt", 3, params, NULL);
}
