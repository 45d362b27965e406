#include "core_db_auth.h"

/*
 * Serializes the throttle check and the attempt record of one name until
 * the transaction ends. The first key ("auth" in ASCII) keeps these locks
 * apart from any other advisory lock.
 */
const char core_db_lock_login_name_sql[] =
    "SELECT pg_advisory_xact_lock(1635087464, hashtext($1))";

enum core_qs
core_db_lock_login_name(struct core_db_conn *c, const char *name)
{
  const char *params[] = {name};
  return core_db_query(c, "lock_login_name", 1, params, NULL);
}
