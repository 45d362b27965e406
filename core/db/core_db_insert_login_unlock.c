#include "core_db_auth.h"

/*
 * An unlock row: ok, so the name's failures before it no longer count
 * (core_db_select_login_throttle), and marked unlock, so it is not taken
 * for a login.
 */
const char core_db_insert_login_unlock_sql[] =
    "INSERT INTO login_attempt (username, client_addr, ok, unlock)"
    " SELECT username, $2, true, true FROM app_user WHERE username = $1";

enum core_qs
core_db_insert_login_unlock(struct core_db_conn *c, const char *name,
                            const char *why)
{
  const char *params[] = {name, why};
  return core_db_query(c, "insert_login_unlock", 2, params, NULL);
}
