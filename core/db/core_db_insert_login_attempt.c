#include "core_db_auth.h"

#include "core_db_result.h"

#include <stdlib.h>

/*
 * Every attempt is recorded as failed before its password is checked and
 * marked ok afterwards (core_db_mark_login_ok): a burst of parallel
 * guesses is counted in full, however fast it comes.
 */
const char core_db_insert_login_attempt_sql[] =
    "INSERT INTO login_attempt (username, client_addr, ok, known)"
    " VALUES ($1, $2, false, $3) RETURNING id";

enum core_qs
core_db_insert_login_attempt(struct core_db_conn *c, const char *name,
                             const char *addr, bool known, int64_t *id)
{
  const char *params[] = {name, addr, known ? "t" : "f"};
  struct core_db_rspec rs[] = {CORE_DB_RS_INT64("id", id), CORE_DB_RS_END};
  return core_db_result_one(c, "insert_login_attempt", 3, params, rs, NULL);
}
