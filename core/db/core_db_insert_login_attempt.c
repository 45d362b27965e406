#include "core_db_auth.h"

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
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "insert_login_attempt", 3, params, &r);
  if (qs == CORE_QS_ONE)
    *id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
  PQclear(r);
  return qs;
}
