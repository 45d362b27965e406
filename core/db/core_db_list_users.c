#include "core_db_auth.h"

#include "core_arena.h"
#include "core_db_result.h"

#include <string.h>

const char core_db_list_users_sql[] =
    "SELECT u.username, u.role, " CORE_DB_AUTH_USER_WAREHOUSES
    " AS warehouses, u.badge_code IS NOT NULL AS has_badge, u.active,"
    " (SELECT o.code FROM owners o WHERE o.id = u.owner_id) AS owner,"
    " to_char(u.created_at AT TIME ZONE 'UTC', "
    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    " AS created_at FROM app_user u"
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
    struct core_db_rspec rs[] = {
        CORE_DB_RS_TEXT("username", &u[i].username),
        CORE_DB_RS_TEXT("role", &u[i].role),
        CORE_DB_RS_TEXT("warehouses", &u[i].warehouses),
        CORE_DB_RS_BOOL("has_badge", &u[i].has_badge),
        CORE_DB_RS_BOOL("active", &u[i].active),
        CORE_DB_RS_TEXT("created_at", &u[i].created_at),
        CORE_DB_RS_TEXT_NULL("owner", &u[i].owner),
        CORE_DB_RS_END,
    };
    if (!core_db_result_row(r, i, rs, arena, "list_users")) {
      PQclear(r);
      return CORE_QS_HARD;
    }
  }
  PQclear(r);
  *items = u;
  *n = (unsigned)rows;
  return qs;
}
