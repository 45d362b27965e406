#include "core_user_admin.h"

#include "core_auth_cache.h"
#include "core_db.h"
#include "db/core_db_auth.h"
#include "core_password.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct core_db_stmt stmts[] = {
    {"user_admin_update",
     "UPDATE app_user SET role = coalesce($2, role),"
     /* A client made staff is no longer bound to its stock owner (the
      * API cannot make anyone a client: that needs an owner). */
     " owner_id = CASE WHEN coalesce($2, role) = 'client' THEN owner_id END,"
     " active = coalesce($3::boolean, active), updated_at = now()"
     " WHERE username = $1 RETURNING id"},
    {"user_admin_clear_warehouses",
     "DELETE FROM app_user_warehouse WHERE user_id = $1"},
    {"user_admin_end_sessions",
     "WITH e AS (UPDATE auth_session SET ended_at = now()"
     " WHERE ended_at IS NULL AND user_id ="
     " (SELECT id FROM app_user WHERE username = $1) RETURNING 1)"
     " SELECT count(*) FROM e"},
    {"user_admin_set_pin",
     "UPDATE app_user SET pin_hash = CASE WHEN badge_code IS NOT NULL"
     " THEN $2 END, updated_at = now()"
     " WHERE username = $1 RETURNING badge_code IS NOT NULL"},
    {"user_admin_set_password",
     "UPDATE app_user SET password_hash = $2, updated_at = now()"
     " WHERE username = $1 RETURNING id"},
    {NULL, NULL},
};

void
core_user_admin_register(void)
{
  core_db_register(stmts);
}

/* Ends @a username's sessions; their count into @a ended. */
static enum core_qs
end_sessions(struct core_db_conn *c, const char *username, int64_t *ended)
{
  const char *p[] = {username};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "user_admin_end_sessions", 1, p, &r);
  if (qs == CORE_QS_ONE)
    *ended = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
  PQclear(r);
  return qs;
}

struct change_cls {
  const char *username;
  const struct core_user_change *ch;
  int64_t *ended;
  bool *bad_warehouse;
};

static enum core_qs
change_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct change_cls *cc = cls;
  const struct core_user_change *ch = cc->ch;
  const char *active = ch->active < 0 ? NULL : ch->active ? "t" : "f";
  const char *p[] = {cc->username, ch->role, active};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "user_admin_update", 3, p, &r);
  int64_t id = qs == CORE_QS_ONE ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : 0;
  PQclear(r);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_NOT_FOUND;
    return CORE_QS_HARD;
  }
  if (qs < 0)
    return qs;
  if (ch->set_warehouses) {
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%lld", (long long)id);
    const char *pp[] = {idtext};
    qs = core_db_query(c, "user_admin_clear_warehouses", 1, pp, NULL);
    for (unsigned i = 0; qs >= 0 && i < ch->nwarehouses; i++) {
      qs = core_db_insert_user_warehouse(c, id, ch->warehouses[i]);
      if (qs == CORE_QS_HARD && strcmp(core_db_sqlstate(c), "23503") == 0) {
        *ec = CORE_EC_NOT_FOUND;
        *cc->bad_warehouse = true;
      }
      if (qs == CORE_QS_NONE) /* the same code twice */
        qs = CORE_QS_ONE;
    }
    if (qs < 0)
      return qs;
  }
  if (ch->active == 0)
    qs = end_sessions(c, cc->username, cc->ended);
  return qs < 0 ? qs : CORE_QS_ONE;
}

enum core_ec
core_user_change(const char *username, const struct core_user_change *ch,
                 int64_t *ended, bool *bad_warehouse)
{
  *ended = 0;
  *bad_warehouse = false;
  struct change_cls cc = {username, ch, ended, bad_warehouse};
  enum core_ec ec =
      core_db_run_tx("user_change", CORE_DB_READ_COMMITTED, change_tx, &cc);
  core_auth_cache_clear(); /* this node at once; the others by NOTIFY */
  return ec;
}

/*
 * A generated secret into @a out: a password of three groups of four
 * lower-case hex digits (48 random bits), or a PIN of six digits.
 */
static enum core_ec
generate(bool pin, char *out)
{
  char hex[CORE_TOKEN_HEX + 1];
  enum core_ec ec = core_password_token(hex);
  if (ec != CORE_EC_OK)
    return ec;
  if (!pin) {
    snprintf(out, 17, "%.4s-%.4s-%.4s", hex, hex + 4, hex + 8);
    return CORE_EC_OK;
  }
  int n = 0;
  /* Bytes of 250 and up are skipped, so every digit is equally likely. */
  for (int i = 0; i + 1 < CORE_TOKEN_HEX && n < 6; i += 2) {
    char b[3] = {hex[i], hex[i + 1], '\0'};
    unsigned v = (unsigned)strtoul(b, NULL, 16);
    if (v < 250)
      out[n++] = (char)('0' + v % 10);
  }
  out[n] = '\0';
  return n == 6 ? CORE_EC_OK : CORE_EC_INTERNAL;
}

struct reset_cls {
  const char *username, *hash;
  bool pin;
  int64_t *ended;
};

static enum core_qs
reset_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct reset_cls *rc = cls;
  const char *p[] = {rc->username, rc->hash};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(
      c, rc->pin ? "user_admin_set_pin" : "user_admin_set_password", 2, p, &r);
  bool no_badge =
      rc->pin && qs == CORE_QS_ONE && strcmp(PQgetvalue(r, 0, 0), "t") != 0;
  PQclear(r);
  if (qs == CORE_QS_NONE || no_badge) {
    *ec = no_badge ? CORE_EC_USER_HAS_NO_BADGE : CORE_EC_NOT_FOUND;
    return CORE_QS_HARD;
  }
  if (qs < 0)
    return qs;
  qs = end_sessions(c, rc->username, rc->ended);
  if (qs >= 0)
    qs = core_db_insert_login_unlock(c, rc->username, "admin:reset");
  return qs < 0 ? qs : CORE_QS_ONE;
}

enum core_ec
core_user_reset(const char *username, bool pin, const char *secret, char *out,
                int64_t *ended)
{
  *ended = 0;
  out[0] = '\0';
  enum core_ec ec = CORE_EC_OK;
  if (secret == NULL) {
    ec = generate(pin, out);
    secret = out;
  } else if (pin) {
    ec = core_password_pin_ok(secret) ? CORE_EC_OK : CORE_EC_INVALID_VALUE;
  } else {
    ec = core_password_check(secret);
  }
  char hash[CORE_PASSWORD_HASH_MAX];
  if (ec == CORE_EC_OK)
    ec = core_password_hash(secret, hash);
  if (ec != CORE_EC_OK)
    return ec;
  struct reset_cls rc = {username, hash, pin, ended};
  ec = core_db_run_tx("user_reset", CORE_DB_READ_COMMITTED, reset_tx, &rc);
  core_auth_cache_clear(); /* this node at once; the others by NOTIFY */
  return ec;
}
