#include "core_db_auth.h"

#include "core_arena.h"

#include <string.h>

const char core_db_list_users_sql[] =
    "SELECT u.username, u.role, " CORE_DB_AUTH_USER_WAREHOUSES ","
    " u.badge_code IS NOT NULL, u.active, to_char(u.created_at AT TIME ZONE"
    " 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM app_user u"
    " ORDER BY u.username";

enum core_qs
core_db_list_users(struct core_db_conn *c, struct core_arena *arena,
                   struct core_user **items, unsigned *n)
{
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "list_users", 0, NULL, &r);
  if (qs < 0)
    return qs;
  int rows = PQntuples(r);
  struct core_user *u = core_arena_alloc(arena, sizeof *u * (size_t)(rows + 1));
  for (int i = 0; i < rows; i++) {
    u[i] = (struct core_user){
        .username = core_arena_strdup(arena, PQgetvalue(r, i, 0)),
        .role = core_arena_strdup(arena, PQgetvalue(r, i, 1)),
        .warehouses = core_arena_strdup(arena, PQgetvalue(r, i, 2)),
        .has_badge = strcmp(PQgetvalue(r, i, 3), "t") == 0,
        .active = strcmp(PQgetvalue(r, i, 4), "t") == 0,
        .created_at = core_arena_strdup(arena, PQgetvalue(r, i, 5)),
    };
  }
  PQclear(r);
  *items = u;
  *n = (unsigned)rows;
  return qs;
}
