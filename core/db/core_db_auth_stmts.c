#include "core_db_auth.h"

#include <stddef.h>

extern const char core_db_select_login_throttle_sql[];
extern const char core_db_insert_login_attempt_sql[];
extern const char core_db_lock_login_name_sql[];
extern const char core_db_mark_login_ok_sql[];
extern const char core_db_insert_login_unlock_sql[];
extern const char core_db_select_user_login_sql[];
extern const char core_db_select_user_badge_sql[];
extern const char core_db_insert_session_sql[];
extern const char core_db_touch_session_sql[];
extern const char core_db_touch_sessions_sql[];
extern const char core_db_end_session_sql[];
extern const char core_db_end_user_sessions_sql[];
extern const char core_db_insert_user_sql[];
extern const char core_db_insert_user_warehouse_sql[];
extern const char core_db_update_user_password_sql[];
extern const char core_db_disable_user_sql[];
extern const char core_db_list_users_sql[];
extern const char core_db_insert_api_key_sql[];
extern const char core_db_select_api_key_sql[];
extern const char core_db_revoke_api_key_sql[];
extern const char core_db_list_api_keys_sql[];
extern const char core_db_insert_audit_sql[];
extern const char core_db_note_session_write_sql[];
extern const char core_db_note_key_write_sql[];
extern const char core_db_insert_audit_ride_sql[];
extern const char core_db_list_audit_sql[];

const struct core_db_stmt core_db_auth_stmts[] = {
    {"select_login_throttle", core_db_select_login_throttle_sql},
    {"insert_login_attempt", core_db_insert_login_attempt_sql},
    {"lock_login_name", core_db_lock_login_name_sql},
    {"mark_login_ok", core_db_mark_login_ok_sql},
    {"insert_login_unlock", core_db_insert_login_unlock_sql},
    {"select_user_login", core_db_select_user_login_sql},
    {"select_user_badge", core_db_select_user_badge_sql},
    {"insert_session", core_db_insert_session_sql},
    {"touch_session", core_db_touch_session_sql},
    {"touch_sessions", core_db_touch_sessions_sql},
    {"end_session", core_db_end_session_sql},
    {"note_session_write", core_db_note_session_write_sql},
    {"note_key_write", core_db_note_key_write_sql},
    {"end_user_sessions", core_db_end_user_sessions_sql},
    {"insert_user", core_db_insert_user_sql},
    {"insert_user_warehouse", core_db_insert_user_warehouse_sql},
    {"update_user_password", core_db_update_user_password_sql},
    {"disable_user", core_db_disable_user_sql},
    {"list_users", core_db_list_users_sql},
    {"insert_api_key", core_db_insert_api_key_sql},
    {"select_api_key", core_db_select_api_key_sql},
    {"revoke_api_key", core_db_revoke_api_key_sql},
    {"list_api_keys", core_db_list_api_keys_sql},
    {"insert_audit", core_db_insert_audit_sql},
    {"insert_audit_ride", core_db_insert_audit_ride_sql},
    {"list_audit", core_db_list_audit_sql},
    {NULL, NULL},
};
