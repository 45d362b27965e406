#include "core_auth.h"

#include "core_arena.h"
#include "core_auth_cache.h"
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
  bool by_badge;
  const char *lookup_value;
  struct core_arena *arena;
  bool found;
  const char *hash;
  bool ok;
  int64_t attempt_id;
  unsigned retry_after;
  struct core_auth_session *out;
};

/*
 * The throttle's answer for @a t: 0 to go on, or the seconds to wait.
 * A (name, address) pair with 5 failures waits for the oldest to leave
 * the window; an address with 50 failures with unknown names, likewise.
 * A name failing from several addresses is slowed down, not locked: an
 * address that has failed for it waits a few seconds more per failure
 * since the last attempt of the name, and an address with no failure for
 * it is never held back, so the right password from elsewhere logs in.
 */
static long
throttle_wait(const struct core_db_login_throttle *t)
{
  long wait = 0;
  if (t->pair_fails >= CORE_AUTH_MAX_PAIR_FAILS)
    wait = t->pair_retry_s > 0 ? t->pair_retry_s : 1;
  if (t->addr_fails >= CORE_AUTH_MAX_ADDR_FAILS && t->addr_retry_s > wait)
    wait = t->addr_retry_s > 0 ? t->addr_retry_s : 1;
  if (t->pair_fails > 0 && t->user_fails >= CORE_AUTH_MAX_PAIR_FAILS) {
    long step =
        CORE_AUTH_SLOW_STEP_S * (t->user_fails - CORE_AUTH_MAX_PAIR_FAILS + 1);
    if (step > CORE_AUTH_SLOW_MAX_S)
      step = CORE_AUTH_SLOW_MAX_S;
    long slow = (long)(step - t->user_idle_s + 0.999);
    if (slow > wait)
      wait = slow;
  }
  return wait;
}

/*
 * Refuses a throttled pair, name or address; otherwise looks the user up
 * and records the attempt as failed (until proven otherwise).
 */
static enum core_qs
check_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct login *l = cls;
  struct core_db_login_throttle t;
  enum core_qs qs = core_db_lock_login_name(c, l->throttle_key);
  if (qs >= 0)
    qs = core_db_select_login_throttle(c, l->throttle_key, l->addr, &t);
  if (qs < 0)
    return qs;
  long wait = throttle_wait(&t);
  if (wait > 0) {
    l->retry_after = (unsigned)wait;
    *ec = CORE_EC_TOO_MANY_REQUESTS;
    return CORE_QS_HARD;
  }
  qs = core_db_select_user_login(c, l->by_badge, l->lookup_value, l->arena,
                                 &l->out->principal, &l->hash);
  if (qs < 0)
    return qs;
  l->found = qs == CORE_QS_ONE;
  qs = core_db_insert_login_attempt(c, l->throttle_key, l->addr, l->found,
                                    &l->attempt_id);
  return qs < 0 ? qs : CORE_QS_ONE;
}

/* Marks the attempt successful and opens the session. */
static enum core_qs
record_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct login *l = cls;
  enum core_qs qs = core_db_mark_login_ok(c, l->attempt_id);
  if (qs < 0)
    return qs;
  return core_db_insert_session(
      c, l->out->token, l->out->csrf_token, l->out->principal.id, l->addr,
      CORE_AUTH_LIFETIME_S, &l->out->principal.session_id);
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
  if (!l->ok)
    return CORE_EC_BAD_CREDENTIALS; /* recorded as such already */
  if (core_password_token(l->out->token) != CORE_EC_OK ||
      core_password_token(l->out->csrf_token) != CORE_EC_OK)
    return CORE_EC_INTERNAL;
  ec = core_db_run_tx("auth_record", CORE_DB_READ_COMMITTED, record_tx, l);
  if (ec != CORE_EC_OK)
    return ec;
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
      .by_badge = true,
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
  struct core_auth_times times; /* out: for the node's cache */
};

static enum core_qs
session_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct lookup *lk = cls;
  enum core_qs qs = core_db_touch_session(c, lk->token, CORE_AUTH_IDLE_S,
                                          lk->arena, lk->out, &lk->times);
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
  /* The node's cache (core_auth_cache.h) answers the common case with no
   * round trip. Not with a read replica: a session's write_lsn moves with
   * every change it makes, on whichever node, and routes its reads. */
  bool cached = !core_db_has_replica();
  if (cached && core_auth_cache_get(token, arena, out))
    return CORE_EC_OK;
  uint64_t epoch = cached ? core_auth_cache_epoch() : 0;
  struct lookup lk = {token, arena, out, {0, 0, 0}};
  enum core_ec ec = core_db_run_one("auth_session", session_tx, &lk);
  if (ec == CORE_EC_OK)
    core_auth_cache_put(epoch, token, out, &lk.times);
  return ec;
}

static enum core_qs
logout_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  const int64_t *id = cls;
  enum core_qs qs = core_db_end_session(c, *id);
  return qs < 0 ? qs : CORE_QS_ONE;
}

enum core_ec
core_auth_logout(int64_t session_id)
{
  enum core_ec ec = core_db_run_tx("auth_logout", CORE_DB_READ_COMMITTED,
                                   logout_tx, &session_id);
  /* Every node hears of it (NOTIFY, migration 0420); this one at once. */
  core_auth_cache_forget_session(session_id);
  return ec;
}

static enum core_qs
note_write_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  const struct core_principal *who = cls;
  (void)ec;
  enum core_qs qs = who->kind == CORE_PRINCIPAL_KEY
                        ? core_db_note_key_write(c, who->id)
                        : core_db_note_session_write(c, who->session_id);
  return qs < 0 ? qs : CORE_QS_ONE;
}

enum core_ec
core_auth_note_write(const struct core_principal *who)
{
  bool user = who->kind == CORE_PRINCIPAL_USER && who->session_id != 0;
  if (!user && who->kind != CORE_PRINCIPAL_KEY)
    return CORE_EC_INVALID_VALUE;
  /* One statement, safe to run twice: the position only moves on. */
  return core_db_run_one("auth_note_write", note_write_tx, (void *)who);
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
  enum core_qs qs =
      core_db_select_api_key(c, lk->token, lk->arena, lk->out, &lk->times);
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
  /* As for sessions: with a read replica a key's write_lsn moves with
   * every change it makes, on whichever node, and routes its reads. */
  bool cached = !core_db_has_replica();
  if (cached && core_auth_cache_get(key, arena, out))
    return CORE_EC_OK;
  uint64_t epoch = cached ? core_auth_cache_epoch() : 0;
  struct lookup lk = {key, arena, out, {0, 0, 0}};
  enum core_ec ec =
      core_db_run_tx("auth_api_key", CORE_DB_READ_COMMITTED, key_tx, &lk);
  if (ec == CORE_EC_OK)
    core_auth_cache_put(epoch, key, out, &lk.times);
  return ec;
}

struct key_new {
  const char *name, *prefix, *key, *scopes, *supplier, *owner;
};

static enum core_qs
key_create_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct key_new *k = cls;
  enum core_qs qs = core_db_insert_api_key(c, k->name, k->prefix, k->key,
                                           k->scopes, k->supplier, k->owner);
  /* No row and no clash on the name: the supplier does not exist. */
  if (qs == CORE_QS_NONE && !core_db_was_unique_violation(c)) {
    *ec = CORE_EC_UNKNOWN_SUPPLIER;
    return CORE_QS_HARD;
  }
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
                         const char *supplier, const char *owner,
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
  struct key_new k = {name, prefix, candidate, scopes, supplier, owner};
  enum core_ec ec = core_db_run_tx("auth_api_key_create",
                                   CORE_DB_READ_COMMITTED, key_create_tx, &k);
  if (ec == CORE_EC_OK)
    memcpy(key, candidate, sizeof candidate);
  return ec;
}

static enum core_qs
key_revoke_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  enum core_qs qs = core_db_revoke_api_key(c, cls);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_NOT_FOUND;
    return CORE_QS_HARD;
  }
  return qs;
}

enum core_ec
core_auth_api_key_revoke(const char *name)
{
  enum core_ec ec =
      core_db_run_tx("auth_api_key_revoke", CORE_DB_READ_COMMITTED,
                     key_revoke_tx, (void *)name);
  core_auth_cache_clear(); /* this node at once; the others by NOTIFY */
  return ec;
}

struct key_list {
  struct core_arena *arena;
  struct core_auth_api_key **items;
  unsigned *n;
};

static enum core_qs
key_list_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct key_list *kl = cls;
  return core_db_list_api_keys(c, kl->arena, kl->items, kl->n);
}

enum core_ec
core_auth_api_key_list(struct core_arena *arena,
                       struct core_auth_api_key **items, unsigned *n)
{
  struct key_list kl = {arena, items, n};
  return core_db_run_tx("auth_api_key_list", CORE_DB_READ_COMMITTED,
                        key_list_tx, &kl);
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
