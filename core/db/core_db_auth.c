#include "core_db_auth.h"

#include <stddef.h>

/*
 * Failures for a name since its last success, and for an address, inside
 * the 15-minute window; and how long until the oldest failure that counts
 * towards each limit (5 per name, 50 per address) leaves the window.
 */
static const char throttle_sql[] =
    "SELECT"
    " (SELECT count(*) FROM login_attempt WHERE username = $1 AND NOT ok"
    "   AND at > now() - interval '15 minutes' AND at > coalesce("
    "   (SELECT max(at) FROM login_attempt WHERE username = $1 AND ok),"
    "   '-infinity')),"
    " (SELECT count(*) FROM login_attempt WHERE client_addr = $2 AND NOT ok"
    "   AND at > now() - interval '15 minutes'),"
    " coalesce((SELECT ceil(extract(epoch FROM min(at) + interval"
    "   '15 minutes' - now())) FROM (SELECT at FROM login_attempt"
    "   WHERE username = $1 AND NOT ok ORDER BY at DESC LIMIT 5) x), 0)::int,"
    " coalesce((SELECT ceil(extract(epoch FROM min(at) + interval"
    "   '15 minutes' - now())) FROM (SELECT at FROM login_attempt"
    "   WHERE client_addr = $2 AND NOT ok ORDER BY at DESC LIMIT 50) y),"
    "   0)::int";

static const char insert_attempt_sql[] =
    "INSERT INTO login_attempt (username, client_addr, ok)"
    " VALUES ($1, $2, $3::boolean)";

#define USER_WAREHOUSES                                                        \
  "coalesce((SELECT string_agg(warehouse_code, ',' ORDER BY warehouse_code)"   \
  " FROM app_user_warehouse w WHERE w.user_id = u.id), '')"

static const char user_by_name_sql[] =
    "SELECT u.id, u.username, u.role, u.password_hash, " USER_WAREHOUSES
    " FROM app_user u WHERE u.username = $1 AND u.active";

static const char user_by_badge_sql[] =
    "SELECT u.id, u.username, u.role, u.pin_hash, " USER_WAREHOUSES
    " FROM app_user u WHERE u.badge_code = $1 AND u.active";

static const char insert_session_sql[] =
    "INSERT INTO auth_session (token_hash, csrf_token, user_id, client_addr,"
    " expires_at) VALUES (" CORE_DB_AUTH_DIGEST(
        "$1") ", $2, $3, $4,"
              " now() + make_interval(secs => $5::int)) RETURNING id";

/* Touching last_seen_at in the same statement keeps the idle clock honest. */
static const char session_lookup_sql[] =
    "WITH s AS (UPDATE auth_session SET last_seen_at = now()"
    " WHERE token_hash = " CORE_DB_AUTH_DIGEST(
        "$1") " AND ended_at IS NULL"
              " AND expires_at > now()"
              " AND last_seen_at > now() - make_interval(secs => $2::int)"
              " RETURNING id, user_id, csrf_token)"
              " SELECT s.id, u.id, u.username, u.role, "
              "s.csrf_token, " USER_WAREHOUSES
              " FROM s JOIN app_user u ON u.id = s.user_id WHERE u.active";

static const char end_session_sql[] =
    "UPDATE auth_session SET ended_at = now() WHERE id = $1"
    " AND ended_at IS NULL";

static const char end_user_sessions_sql[] =
    "UPDATE auth_session SET ended_at = now() WHERE ended_at IS NULL"
    " AND user_id = (SELECT id FROM app_user WHERE username = $1)";

static const char insert_user_sql[] =
    "INSERT INTO app_user (username, role, password_hash, badge_code,"
    " pin_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id";

static const char insert_user_warehouse_sql[] =
    "INSERT INTO app_user_warehouse (user_id, warehouse_code)"
    " VALUES ($1, $2)";

static const char set_password_sql[] =
    "UPDATE app_user SET password_hash = $2, updated_at = now()"
    " WHERE username = $1";

static const char disable_user_sql[] =
    "UPDATE app_user SET active = false, updated_at = now()"
    " WHERE username = $1";

static const char list_users_sql[] =
    "SELECT u.username, u.role, " USER_WAREHOUSES ", u.badge_code IS NOT NULL,"
    " u.active, to_char(u.created_at AT TIME ZONE 'UTC',"
    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM app_user u ORDER BY u.username";

static const char insert_api_key_sql[] =
    "INSERT INTO api_key (name, key_prefix, key_hash, scopes)"
    " VALUES ($1, $2, " CORE_DB_AUTH_DIGEST("$3") ", $4)";

static const char api_key_lookup_sql[] =
    "SELECT id, name, scopes FROM api_key WHERE key_hash "
    "= " CORE_DB_AUTH_DIGEST("$1") " AND revoked_at IS NULL";

static const char revoke_api_key_sql[] =
    "UPDATE api_key SET revoked_at = now() WHERE name = $1"
    " AND revoked_at IS NULL";

static const char list_api_keys_sql[] =
    "SELECT name, key_prefix, scopes, revoked_at IS NOT NULL,"
    " to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    " FROM api_key ORDER BY name";

static const char insert_audit_sql[] =
    "INSERT INTO audit_log (request_id, principal_kind, principal, role,"
    " method, route, target, status, outcome)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8::int, $9)";

static const char list_audit_sql[] =
    "SELECT count(*) OVER (), id, to_char(at AT TIME ZONE 'UTC',"
    " 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), request_id, principal_kind,"
    " principal, role, method, route, target, status, outcome"
    " FROM audit_log WHERE ($1::text IS NULL OR principal = $1)"
    " AND ($2::text IS NULL OR route = $2)"
    " AND ($3::text IS NULL OR outcome = $3)"
    " AND ($4::text IS NULL OR method = $4)"
    " ORDER BY id DESC LIMIT $5::bigint OFFSET $6::bigint";

const struct core_db_stmt core_db_auth_stmts[] = {
    {"auth_throttle", throttle_sql},
    {"auth_insert_attempt", insert_attempt_sql},
    {"auth_user_by_name", user_by_name_sql},
    {"auth_user_by_badge", user_by_badge_sql},
    {"auth_insert_session", insert_session_sql},
    {"auth_session_lookup", session_lookup_sql},
    {"auth_end_session", end_session_sql},
    {"auth_end_user_sessions", end_user_sessions_sql},
    {"auth_insert_user", insert_user_sql},
    {"auth_insert_user_warehouse", insert_user_warehouse_sql},
    {"auth_set_password", set_password_sql},
    {"auth_disable_user", disable_user_sql},
    {"auth_list_users", list_users_sql},
    {"auth_insert_api_key", insert_api_key_sql},
    {"auth_api_key_lookup", api_key_lookup_sql},
    {"auth_revoke_api_key", revoke_api_key_sql},
    {"auth_list_api_keys", list_api_keys_sql},
    {"auth_insert_audit", insert_audit_sql},
    {"auth_list_audit", list_audit_sql},
    {NULL, NULL},
};
