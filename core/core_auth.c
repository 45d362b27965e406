#include "core_auth.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_log.h"
#include "core_password.h"
#include "db/core_db_auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* State of one login across its two transactions and the hash check. */
struct login {
  const char *throttle_key; /* username, or badge:<code> */
  const char *addr;
  const char *lookup_stmt;
  const char *lookup_value;
  struct core_arena *arena;
  bool found;
  const char *hash;
  bool ok;
  unsigned retry_after;
  struct core_auth_session *out;
};

/* Reads columns id, username, role, hash, warehouses of row 0. */
static void
read_user(PGresult *r, struct login *l)
{
  struct core_principal *p = &l->out->principal;
  p->kind = CORE_PRINCIPAL_USER;
  p->id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
  p->name = core_arena_strdup(l->arena, PQgetvalue(r, 0, 1));
  if (!core_perm_role_parse(PQgetvalue(r, 0, 2), &p->role))
    p->role = CORE_ROLE_VIEWER;
  l->hash = core_arena_strdup(l->arena, PQgetvalue(r, 0, 3));
  p->warehouses = core_arena_strdup(l->arena, PQgetvalue(r, 0, 4));
  p->scopes = "";
  l->found = true;
}

/* Refuses a throttled name or address, then looks the user up. */
static enum core_qs
check_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct login *l = cls;
  const char *tp[] = {l->throttle_key, l->addr};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "auth_throttle", 2, tp, &r);
  if (qs < 0)
    return qs;
  long user_fails = strtol(PQgetvalue(r, 0, 0), NULL, 10);
  long addr_fails = strtol(PQgetvalue(r, 0, 1), NULL, 10);
  long retry = 0;
  if (user_fails >= CORE_AUTH_MAX_USER_FAILS)
    retry = strtol(PQgetvalue(r, 0, 2), NULL, 10);
  if (addr_fails >= CORE_AUTH_MAX_ADDR_FAILS) {
    long ra = strtol(PQgetvalue(r, 0, 3), NULL, 10);
    retry = ra > retry ? ra : retry;
  }
  bool throttled = user_fails >= CORE_AUTH_MAX_USER_FAILS ||
                   addr_fails >= CORE_AUTH_MAX_ADDR_FAILS;
  PQclear(r);
  if (throttled) {
    l->retry_after = retry > 0 ? (unsigned)retry : 1;
    *ec = CORE_EC_TOO_MANY_REQUESTS;
    return CORE_QS_HARD;
  }
  const char *lp[] = {l->lookup_value};
  r = NULL;
  qs = core_db_query(c, l->lookup_stmt, 1, lp, &r);
  l->found = false;
  if (qs == CORE_QS_ONE)
    read_user(r, l);
  PQclear(r);
  return qs < 0 ? qs : CORE_QS_ONE;
}

/* Records the attempt and, when it succeeded, opens the session. */
static enum core_qs
record_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct login *l = cls;
  const char *ap[] = {l->throttle_key, l->addr, l->ok ? "t" : "f"};
  enum core_qs qs = core_db_query(c, "auth_insert_attempt", 3, ap, NULL);
  if (qs < 0 || !l->ok)
    return qs;
  char uid[24], life[24];
  snprintf(uid, sizeof uid, "%lld", (long long)l->out->principal.id);
  snprintf(life, sizeof life, "%d", CORE_AUTH_LIFETIME_S);
  const char *sp[] = {l->out->token, l->out->csrf_token, uid, l->addr, life};
  PGresult *r = NULL;
  qs = core_db_query(c, "auth_insert_session", 5, sp, &r);
  if (qs == CORE_QS_ONE)
    l->out->principal.session_id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
  PQclear(r);
  return qs;
}

/* The steps shared by password and badge logins. */
static enum core_ec
login(struct login *l, const char *secret, unsigned *retry_after)
{
  memset(l->out, 0, sizeof *l->out);
  enum core_ec ec =
      core_db_run_tx("auth_check", CORE_DB_READ_COMMITTED, check_tx, l);
  if (ec == CORE_EC_TOO_MANY_REQUESTS)
    *retry_after = l->retry_after;
  if (ec != CORE_EC_OK)
    return ec;
  /* Outside any transaction: hashing takes tens of milliseconds. */
  l->ok = core_password_verify(secret, l->found ? l->hash : NULL);
  if (l->ok && (core_password_token(l->out->token) != CORE_EC_OK ||
                core_password_token(l->out->csrf_token) != CORE_EC_OK))
    return CORE_EC_INTERNAL;
  ec = core_db_run_tx("auth_record", CORE_DB_READ_COMMITTED, record_tx, l);
  if (ec != CORE_EC_OK)
    return ec;
  if (!l->ok)
    return CORE_EC_BAD_CREDENTIALS;
  l->out->principal.csrf_token =
      core_arena_strdup(l->arena, l->out->csrf_token);
  return CORE_EC_OK;
}

enum core_ec
core_auth_login(const char *username, const char *password,
                const char *client_addr, struct core_arena *arena,
                struct core_auth_session *out, unsigned *retry_after)
{
  struct login l = {
      .throttle_key = username,
      .addr = client_addr,
      .lookup_stmt = "auth_user_by_name",
      .lookup_value = username,
      .arena = arena,
      .out = out,
  };
  return login(&l, password, retry_after);
}

enum core_ec
core_auth_badge(const char *badge, const char *pin, const char *client_addr,
                struct core_arena *arena, struct core_auth_session *out,
                unsigned *retry_after)
{
  struct login l = {
      .throttle_key = core_arena_printf(arena, "badge:%s", badge),
      .addr = client_addr,
      .lookup_stmt = "auth_user_by_badge",
      .lookup_value = badge,
      .arena = arena,
      .out = out,
  };
  return login(&l, pin, retry_after);
}

static bool
is_hex(const char *s, size_t n)
{
  if (strlen(s) != n)
    return false;
  for (size_t i = 0; i < n; i++) {
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
      return false;
  }
  return true;
}

struct lookup {
  const char *token;
  struct core_arena *arena;
  struct core_principal *out;
};

static enum core_qs
session_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct lookup *lk = cls;
  char idle[24];
  snprintf(idle, sizeof idle, "%d", CORE_AUTH_IDLE_S);
  const char *params[] = {lk->token, idle};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "auth_session_lookup", 2, params, &r);
  if (qs == CORE_QS_ONE) {
    struct core_principal *p = lk->out;
    p->kind = CORE_PRINCIPAL_USER;
    p->session_id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    p->id = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
    p->name = core_arena_strdup(lk->arena, PQgetvalue(r, 0, 2));
    if (!core_perm_role_parse(PQgetvalue(r, 0, 3), &p->role))
      p->role = CORE_ROLE_VIEWER;
    p->csrf_token = core_arena_strdup(lk->arena, PQgetvalue(r, 0, 4));
    p->warehouses = core_arena_strdup(lk->arena, PQgetvalue(r, 0, 5));
    p->scopes = "";
  }
  PQclear(r);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_UNAUTHENTICATED;
    return CORE_QS_HARD;
  }
  return qs;
}

enum core_ec
core_auth_session_get(const char *token, struct core_arena *arena,
                      struct core_principal *out)
{
  /* Anything but 64 hex digits cannot be ours; it never reaches SQL. */
  if (!is_hex(token, CORE_TOKEN_HEX))
    return CORE_EC_UNAUTHENTICATED;
  struct lookup lk = {token, arena, out};
  return core_db_run_tx("auth_session", CORE_DB_READ_COMMITTED, session_tx,
                        &lk);
}

static enum core_qs
logout_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  const char *params[] = {cls};
  return core_db_query(c, "auth_end_session", 1, params, NULL);
}

enum core_ec
core_auth_logout(int64_t session_id)
{
  char id[24];
  snprintf(id, sizeof id, "%lld", (long long)session_id);
  return core_db_run_tx("auth_logout", CORE_DB_READ_COMMITTED, logout_tx, id);
}

bool
core_auth_is_api_key(const char *token)
{
  return strncmp(token, "dpk_", 4) == 0 && is_hex(token + 4, 64);
}

static enum core_qs
key_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct lookup *lk = cls;
  const char *params[] = {lk->token};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "auth_api_key_lookup", 1, params, &r);
  if (qs == CORE_QS_ONE) {
    struct core_principal *p = lk->out;
    p->kind = CORE_PRINCIPAL_KEY;
    p->id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    p->name = core_arena_strdup(lk->arena, PQgetvalue(r, 0, 1));
    p->scopes = core_arena_strdup(lk->arena, PQgetvalue(r, 0, 2));
    p->warehouses = "";
    p->csrf_token = "";
  }
  PQclear(r);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_UNAUTHENTICATED;
    return CORE_QS_HARD;
  }
  return qs;
}

enum core_ec
core_auth_api_key_get(const char *key, struct core_arena *arena,
                      struct core_principal *out)
{
  if (!core_auth_is_api_key(key))
    return CORE_EC_UNAUTHENTICATED;
  struct lookup lk = {key, arena, out};
  return core_db_run_tx("auth_api_key", CORE_DB_READ_COMMITTED, key_tx, &lk);
}

struct key_new {
  const char *name, *prefix, *key, *scopes;
};

static enum core_qs
key_create_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct key_new *k = cls;
  const char *params[] = {k->name, k->prefix, k->key, k->scopes};
  enum core_qs qs = core_db_query(c, "auth_insert_api_key", 4, params, NULL);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_ALREADY_EXISTS;
    return CORE_QS_HARD;
  }
  return qs;
}

/* Whether every comma-separated scope of @a scopes is known. */
static bool
scopes_ok(const char *scopes)
{
  char buf[512];
  if (scopes[0] == '\0' || strlen(scopes) >= sizeof buf)
    return false;
  snprintf(buf, sizeof buf, "%s", scopes);
  char *save = NULL;
  for (char *s = strtok_r(buf, ",", &save); s != NULL;
       s = strtok_r(NULL, ",", &save)) {
    if (!core_perm_scope_known(s))
      return false;
  }
  return scopes[strlen(scopes) - 1] != ',' && strstr(scopes, ",,") == NULL;
}

enum core_ec
core_auth_api_key_create(const char *name, const char *scopes,
                         char key[CORE_AUTH_KEY_LEN + 1])
{
  size_t n = strlen(name);
  if (n == 0 || n > 64 || !scopes_ok(scopes))
    return CORE_EC_INVALID_VALUE;
  char hex[CORE_TOKEN_HEX + 1];
  if (core_password_token(hex) != CORE_EC_OK)
    return CORE_EC_INTERNAL;
  char candidate[CORE_AUTH_KEY_LEN + 1];
  snprintf(candidate, sizeof candidate, "dpk_%s", hex);
  char prefix[13];
  snprintf(prefix, sizeof prefix, "%.12s", candidate);
  struct key_new k = {name, prefix, candidate, scopes};
  enum core_ec ec = core_db_run_tx("auth_api_key_create",
                                   CORE_DB_READ_COMMITTED, key_create_tx, &k);
  if (ec == CORE_EC_OK)
    memcpy(key, candidate, sizeof candidate);
  return ec;
}

static enum core_qs
key_revoke_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  const char *params[] = {cls};
  enum core_qs qs = core_db_query(c, "auth_revoke_api_key", 1, params, NULL);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_NOT_FOUND;
    return CORE_QS_HARD;
  }
  return qs;
}

enum core_ec
core_auth_api_key_revoke(const char *name)
{
  return core_db_run_tx("auth_api_key_revoke", CORE_DB_READ_COMMITTED,
                        key_revoke_tx, (void *)name);
}

bool
core_auth_warehouse_allowed(const struct core_principal *p, const char *code)
{
  if (p->kind != CORE_PRINCIPAL_USER || p->warehouses == NULL ||
      p->warehouses[0] == '\0')
    return true;
  size_t n = strlen(code);
  const char *s = p->warehouses;
  while (*s != '\0') {
    size_t k = strcspn(s, ",");
    if (k == n && memcmp(s, code, n) == 0)
      return true;
    s += k;
    if (*s == ',')
      s++;
  }
  return false;
}

void
core_auth_register(void)
{
  core_db_register(core_db_auth_stmts);
}
