#include "core_db_auth.h"

#include "core_arena.h"
#include "core_db_result.h"

#include <stdio.h>
#include <stdlib.h>

/*
 * Touching last_seen_at in the same statement keeps the idle clock
 * honest; it is written at most every 30 s, so that most requests check
 * their session without a write (and without waiting for a WAL flush).
 * The touch commits with synchronous_commit off (local to its own
 * transaction): a crash or failover that loses it moves the idle clock
 * back by at most 30 s, and with DEPOT_SYNC_REPLICA a replica that is down
 * does not hold a signed-in user's reads (docs/scale.md).
 */
const char core_db_touch_session_sql[] =
    "WITH async AS (SELECT set_config('synchronous_commit', 'off', true)),"
    " s AS (SELECT id, user_id, csrf_token, last_seen_at, write_lsn,"
    " expires_at"
    " FROM auth_session, async WHERE token_hash = " CORE_DB_AUTH_DIGEST(
        "$1") " AND ended_at IS NULL"
              " AND expires_at > now()"
              " AND last_seen_at > now() - make_interval(secs => $2::int)),"
              " t AS (UPDATE auth_session a SET last_seen_at = now() FROM s"
              " WHERE a.id = s.id"
              " AND s.last_seen_at < now() - interval '30 seconds')"
              " SELECT s.id AS session_id, u.id AS user_id, u.username,"
              " u.role, s.csrf_token, " CORE_DB_AUTH_USER_WAREHOUSES
              " AS warehouses,"
              " coalesce(u.owner_id, 0) AS owner_id,"
              " coalesce((SELECT code FROM owners WHERE id = u.owner_id), '')"
              " AS owner, coalesce(s.write_lsn::text, '') AS write_lsn,"
              " extract(epoch FROM now())::float8 AS db_now,"
              " extract(epoch FROM s.expires_at)::float8 AS expires_at,"
              " extract(epoch FROM CASE WHEN s.last_seen_at"
              " < now() - interval '30 seconds' THEN now()"
              " ELSE s.last_seen_at END)::float8 AS seen_at"
              " FROM s JOIN app_user u ON u.id = s.user_id WHERE u.active";

enum core_qs
core_db_touch_session(struct core_db_conn *c, const char *token, int idle_s,
                      struct core_arena *arena, struct core_principal *p,
                      struct core_auth_times *t)
{
  char idle[24];
  snprintf(idle, sizeof idle, "%d", idle_s);
  const char *params[] = {token, idle};
  int64_t session_id = 0, user_id = 0, owner_id = 0;
  const char *name = NULL, *role = NULL, *csrf = NULL, *warehouses = NULL;
  const char *owner = NULL, *write_lsn = NULL;
  struct core_auth_times times = {0, 0, 0};
  struct core_db_rspec rs[] = {
      CORE_DB_RS_INT64("session_id", &session_id),
      CORE_DB_RS_INT64("user_id", &user_id),
      CORE_DB_RS_TEXT("username", &name),
      CORE_DB_RS_TEXT("role", &role),
      CORE_DB_RS_TEXT("csrf_token", &csrf),
      CORE_DB_RS_TEXT("warehouses", &warehouses),
      CORE_DB_RS_INT64("owner_id", &owner_id),
      CORE_DB_RS_TEXT("owner", &owner),
      CORE_DB_RS_TEXT("write_lsn", &write_lsn),
      CORE_DB_RS_DOUBLE("db_now", &times.db_now),
      CORE_DB_RS_DOUBLE("expires_at", &times.expires_at),
      CORE_DB_RS_DOUBLE("seen_at", &times.seen_at),
      CORE_DB_RS_END,
  };
  enum core_qs qs =
      core_db_result_one(c, "touch_session", 2, params, rs, arena);
  if (qs == CORE_QS_ONE) {
    p->kind = CORE_PRINCIPAL_USER;
    p->session_id = session_id;
    p->id = user_id;
    p->name = name;
    if (!core_perm_role_parse(role, &p->role))
      p->role = CORE_ROLE_VIEWER;
    p->csrf_token = csrf;
    p->warehouses = warehouses;
    p->owner_id = owner_id;
    p->owner = owner;
    p->scopes = "";
    p->write_lsn = write_lsn;
    if (t != NULL)
      *t = times;
  }
  return qs;
}
