#include "core_db_auth.h"

#include "core_arena.h"
#include "core_db_result.h"

#include <stdlib.h>

/* By username for passwords, by badge code for the floor login. */
const char core_db_select_user_login_sql[] =
    "SELECT u.id, u.username, u.role, "
    "u.password_hash AS hash, " CORE_DB_AUTH_USER_WAREHOUSES
    " AS warehouses FROM app_user u WHERE u.username = $1 AND u.active";
const char core_db_select_user_badge_sql[] =
    "SELECT u.id, u.username, u.role, u.pin_hash AS "
    "hash, " CORE_DB_AUTH_USER_WAREHOUSES
    " AS warehouses FROM app_user u WHERE u.badge_code = $1 AND u.active";

enum core_qs
core_db_select_user_login(struct core_db_conn *c, bool by_badge,
                          const char *key, struct core_arena *arena,
                          struct core_principal *p, const char **hash)
{
  const char *params[] = {key};
  int64_t id = 0;
  const char *name = NULL, *role = NULL, *h = NULL, *warehouses = NULL;
  struct core_db_rspec rs[] = {
      CORE_DB_RS_INT64("id", &id),
      CORE_DB_RS_TEXT("username", &name),
      CORE_DB_RS_TEXT("role", &role),
      CORE_DB_RS_TEXT_NULL("hash", &h),
      CORE_DB_RS_TEXT("warehouses", &warehouses),
      CORE_DB_RS_END,
  };
  enum core_qs qs = core_db_result_one(
      c, by_badge ? "select_user_badge" : "select_user_login", 1, params, rs,
      arena);
  if (qs == CORE_QS_ONE) {
    p->kind = CORE_PRINCIPAL_USER;
    p->id = id;
    p->name = name;
    if (!core_perm_role_parse(role, &p->role))
      p->role = CORE_ROLE_VIEWER;
    *hash = h != NULL ? h : "";
    p->warehouses = warehouses;
    p->scopes = "";
  }
  return qs;
}
