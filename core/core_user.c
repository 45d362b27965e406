#include "core_user.h"

#include "core_arena.h"
#include "core_auth_cache.h"
#include "core_db.h"
#include "core_password.h"
#include "core_utf8.h"
#include "db/core_db_auth.h"

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
  int64_t id = 0;
  enum core_qs qs =
      core_db_insert_user(c, u->username, core_perm_role_name(u->role),
                          ac->hash, u->badge, ac->pin_hash, u->owner, &id);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_ALREADY_EXISTS;
    return CORE_QS_HARD;
  }
  for (unsigned i = 0; qs > 0 && i < u->nwarehouses; i++) {
    qs = core_db_insert_user_warehouse(c, id, u->warehouses[i]);
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
  /* A client is bound to one owner and sees no warehouse as such. */
  if ((u->role == CORE_ROLE_CLIENT) != (u->owner != NULL) ||
      (u->role == CORE_ROLE_CLIENT && u->nwarehouses > 0))
    return CORE_EC_CLIENT_OWNER;
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
  const char *username;
  const char *hash; /* NULL: disable the user instead */
};

/* Sets the password or disables; either way ends the user's sessions. */
static enum core_qs
change_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct change_cls *cc = cls;
  enum core_qs qs =
      cc->hash != NULL ? core_db_update_user_password(c, cc->username, cc->hash)
                       : core_db_disable_user(c, cc->username);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_NOT_FOUND;
    return CORE_QS_HARD;
  }
  if (qs < 0)
    return qs;
  qs = core_db_end_user_sessions(c, cc->username);
  /* A new password also lifts the login throttle of the name. */
  if (qs >= 0 && cc->hash != NULL)
    qs = core_db_insert_login_unlock(c, cc->username, "cli:passwd");
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
  struct change_cls cc = {username, hash};
  ec = core_db_run_tx("user_passwd", CORE_DB_READ_COMMITTED, change_tx, &cc);
  core_auth_cache_clear(); /* this node at once; the others by NOTIFY */
  return ec;
}

enum core_ec
core_user_disable(const char *username)
{
  struct change_cls cc = {username, NULL};
  enum core_ec ec =
      core_db_run_tx("user_disable", CORE_DB_READ_COMMITTED, change_tx, &cc);
  core_auth_cache_clear(); /* this node at once; the others by NOTIFY */
  return ec;
}

static enum core_qs
unlock_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  enum core_qs qs = core_db_insert_login_unlock(c, cls, "cli:unlock");
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_NOT_FOUND;
    return CORE_QS_HARD;
  }
  return qs;
}

enum core_ec
core_user_unlock(const char *username)
{
  return core_db_run_tx("user_unlock", CORE_DB_READ_COMMITTED, unlock_tx,
                        (void *)username);
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
  return core_db_list_users(c, lc->arena, lc->items, lc->n);
}

enum core_ec
core_user_list(struct core_arena *arena, struct core_user **items, unsigned *n)
{
  struct list_cls lc = {arena, items, n};
  return core_db_run_tx("user_list", CORE_DB_READ_COMMITTED, list_tx, &lc);
}
