#include "core_user.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_password.h"
#include "core_utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool
core_user_name_ok(const char *name)
{
  size_t n = strlen(name);
  if (n == 0 || n > CORE_USER_NAME_MAX || !core_utf8_valid(name, n))
    return false;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)name[i];
    if (c < 0x20 || c == 0x7f)
      return false;
  }
  return true;
}

struct add_cls {
  const struct core_user_new *u;
  const char *hash;
  const char *pin_hash;
};

static enum core_qs
add_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct add_cls *ac = cls;
  const struct core_user_new *u = ac->u;
  const char *params[] = {u->username, core_perm_role_name(u->role), ac->hash,
                          u->badge, ac->pin_hash};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "auth_insert_user", 5, params, &r);
  char id[24] = "";
  if (qs == CORE_QS_ONE)
    snprintf(id, sizeof id, "%s", PQgetvalue(r, 0, 0));
  PQclear(r);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_ALREADY_EXISTS;
    return CORE_QS_HARD;
  }
  for (unsigned i = 0; qs > 0 && i < u->nwarehouses; i++) {
    const char *wp[] = {id, u->warehouses[i]};
    qs = core_db_query(c, "auth_insert_user_warehouse", 2, wp, NULL);
    if (qs == CORE_QS_HARD && strcmp(core_db_sqlstate(c), "23503") == 0)
      *ec = CORE_EC_NOT_FOUND;
    if (qs == CORE_QS_NONE) /* the same code twice */
      qs = CORE_QS_ONE;
  }
  return qs;
}

enum core_ec
core_user_add(const struct core_user_new *u)
{
  if (!core_user_name_ok(u->username))
    return CORE_EC_INVALID_VALUE;
  if (u->badge != NULL && (!core_user_name_ok(u->badge) || u->pin == NULL ||
                           !core_password_pin_ok(u->pin)))
    return CORE_EC_INVALID_VALUE;
  enum core_ec ec = core_password_check(u->password);
  if (ec != CORE_EC_OK)
    return ec;
  char hash[CORE_PASSWORD_HASH_MAX];
  char pin_hash[CORE_PASSWORD_HASH_MAX];
  ec = core_password_hash(u->password, hash);
  if (ec == CORE_EC_OK && u->badge != NULL)
    ec = core_password_hash(u->pin, pin_hash);
  if (ec != CORE_EC_OK)
    return ec;
  struct add_cls ac = {u, hash, u->badge != NULL ? pin_hash : NULL};
  return core_db_run_tx("user_add", CORE_DB_READ_COMMITTED, add_tx, &ac);
}

struct change_cls {
  const char *stmt;
  const char *username;
  const char *hash; /* NULL: the statement takes only the name */
};

static enum core_qs
change_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct change_cls *cc = cls;
  const char *params[] = {cc->username, cc->hash};
  enum core_qs qs =
      core_db_query(c, cc->stmt, cc->hash != NULL ? 2 : 1, params, NULL);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_NOT_FOUND;
    return CORE_QS_HARD;
  }
  if (qs < 0)
    return qs;
  qs = core_db_query(c, "auth_end_user_sessions", 1, params, NULL);
  return qs < 0 ? qs : CORE_QS_ONE;
}

enum core_ec
core_user_passwd(const char *username, const char *password)
{
  enum core_ec ec = core_password_check(password);
  char hash[CORE_PASSWORD_HASH_MAX];
  if (ec == CORE_EC_OK)
    ec = core_password_hash(password, hash);
  if (ec != CORE_EC_OK)
    return ec;
  struct change_cls cc = {"auth_set_password", username, hash};
  return core_db_run_tx("user_passwd", CORE_DB_READ_COMMITTED, change_tx, &cc);
}

enum core_ec
core_user_disable(const char *username)
{
  struct change_cls cc = {"auth_disable_user", username, NULL};
  return core_db_run_tx("user_disable", CORE_DB_READ_COMMITTED, change_tx, &cc);
}

struct list_cls {
  struct core_arena *arena;
  struct core_user **items;
  unsigned *n;
};

static enum core_qs
list_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct list_cls *lc = cls;
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "auth_list_users", 0, NULL, &r);
  if (qs < 0)
    return qs;
  int rows = PQntuples(r);
  struct core_user *items =
      core_arena_alloc(lc->arena, sizeof *items * (size_t)(rows + 1));
  for (int i = 0; i < rows; i++) {
    items[i] = (struct core_user){
        .username = core_arena_strdup(lc->arena, PQgetvalue(r, i, 0)),
        .role = core_arena_strdup(lc->arena, PQgetvalue(r, i, 1)),
        .warehouses = core_arena_strdup(lc->arena, PQgetvalue(r, i, 2)),
        .has_badge = strcmp(PQgetvalue(r, i, 3), "t") == 0,
        .active = strcmp(PQgetvalue(r, i, 4), "t") == 0,
        .created_at = core_arena_strdup(lc->arena, PQgetvalue(r, i, 5)),
    };
  }
  PQclear(r);
  *lc->items = items;
  *lc->n = (unsigned)rows;
  return qs;
}

enum core_ec
core_user_list(struct core_arena *arena, struct core_user **items, unsigned *n)
{
  struct list_cls lc = {arena, items, n};
  return core_db_run_tx("user_list", CORE_DB_READ_COMMITTED, list_tx, &lc);
}
