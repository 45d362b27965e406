#include "core_db_auth.h"

#include "core_arena.h"

#include <stdlib.h>

/* By username for passwords, by badge code for the floor login. */
const char core_db_select_user_login_sql[] =
    "SELECT u.id, u.username, u.role, "
    "u.password_hash, " CORE_DB_AUTH_USER_WAREHOUSES
    " FROM app_user u WHERE u.username = $1 AND u.active";
const char core_db_select_user_badge_sql[] =
    "SELECT u.id, u.username, u.role, u.pin_hash, " CORE_DB_AUTH_USER_WAREHOUSES
    " FROM app_user u WHERE u.badge_code = $1 AND u.active";

enum core_qs
core_db_select_user_login(struct core_db_conn *c, bool by_badge,
                          const char *key, struct core_arena *arena,
                          struct core_principal *p, const char **hash)
{
  const char *params[] = {key};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(
      c, by_badge ? "select_user_badge" : "select_user_login", 1, params, &r);
  if (qs == CORE_QS_ONE) {
    p->kind = CORE_PRINCIPAL_USER;
    p->id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    p->name = core_arena_strdup(arena, PQgetvalue(r, 0, 1));
    if (!core_perm_role_parse(PQgetvalue(r, 0, 2), &p->role))
      p->role = CORE_ROLE_VIEWER;
    *hash = core_arena_strdup(arena, PQgetvalue(r, 0, 3));
    p->warehouses = core_arena_strdup(arena, PQgetvalue(r, 0, 4));
    p->scopes = "";
  }
  PQclear(r);
  return qs;
}
