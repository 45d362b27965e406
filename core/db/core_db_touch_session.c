#include "core_db_auth.h"

#include "core_arena.h"

#include <stdio.h>
#include <stdlib.h>

/*
 * Touching last_seen_at in the same statement keeps the idle clock
 * honest; it is written at most every 30 s, so that most requests check
 * their session without a write (and without waiting for a WAL flush).
 */
const char core_db_touch_session_sql[] =
    "WITH s AS (SELECT id, user_id, csrf_token, last_seen_at"
    " FROM auth_session WHERE token_hash = " CORE_DB_AUTH_DIGEST(
        "$1") " AND ended_at IS NULL"
              " AND expires_at > now()"
              " AND last_seen_at > now() - make_interval(secs => $2::int)),"
              " t AS (UPDATE auth_session a SET last_seen_at = now() FROM s"
              " WHERE a.id = s.id"
              " AND s.last_seen_at < now() - interval '30 seconds')"
              " SELECT s.id, u.id, u.username, u.role, "
              "s.csrf_token, " CORE_DB_AUTH_USER_WAREHOUSES
              " FROM s JOIN app_user u ON u.id = s.user_id WHERE u.active";

enum core_qs
core_db_touch_session(struct core_db_conn *c, const char *token, int idle_s,
                      struct core_arena *arena, struct core_principal *p)
{
  char idle[24];
  snprintf(idle, sizeof idle, "%d", idle_s);
  const char *params[] = {token, idle};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "touch_session", 2, params, &r);
  if (qs == CORE_QS_ONE) {
    p->kind = CORE_PRINCIPAL_USER;
    p->session_id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    p->id = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
    p->name = core_arena_strdup(arena, PQgetvalue(r, 0, 2));
    if (!core_perm_role_parse(PQgetvalue(r, 0, 3), &p->role))
      p->role = CORE_ROLE_VIEWER;
    p->csrf_token = core_arena_strdup(arena, PQgetvalue(r, 0, 4));
    p->warehouses = core_arena_strdup(arena, PQgetvalue(r, 0, 5));
    p->scopes = "";
  }
  PQclear(r);
  return qs;
}
