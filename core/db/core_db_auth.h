#ifndef CORE_DB_AUTH_H
#define CORE_DB_AUTH_H
/*
 * Queries of the accounts module (users, sessions, login attempts, API
 * keys, audit log). Each lives in its own file (core_db_<verb>_<noun>.c)
 * next to its SQL; this header gathers their declarations. Secrets arrive
 * here already hashed (argon2id) or are hashed by PostgreSQL (sha256) in
 * the statement; none is ever part of the SQL text.
 */
#include "core_audit.h"
#include "core_auth.h"
#include "core_auth_cache.h"
#include "core_db.h"
#include "core_user.h"

#include <stdbool.h>
#include <stdint.h>

struct core_arena;

/* All account statements, for core_db_register. */
extern const struct core_db_stmt core_db_auth_stmts[];

/* SQL fragment: hex SHA-256 of text parameter n, as stored for secrets. */
#define CORE_DB_AUTH_DIGEST(n)                                                 \
  "encode(sha256(convert_to(" n ", 'UTF8')), 'hex')"

/* Columns every login and session query selects for the user. */
#define CORE_DB_AUTH_USER_WAREHOUSES                                           \
  "coalesce((SELECT string_agg(warehouse_code, ',' ORDER BY warehouse_code)"   \
  " FROM app_user_warehouse w WHERE w.user_id = u.id), '')"

/* Recent failures of a name and an address (core_db_select_login_throttle). */
struct core_db_login_throttle {
  long pair_fails;    /* of the name from the address since its last
                         success there or unlock, in 15 min */
  long pair_retry_s;  /* until the 5th-newest of those expires */
  long user_fails;    /* of the name from anywhere since its last success */
  double user_idle_s; /* since the name's newest failure (1e9: none) */
  long addr_fails;    /* of the address with unknown names, in 15 min */
  long addr_retry_s;  /* until the 50th-newest of those expires */
};

/* Reads the throttle counts of @a name and @a addr into @a out. ONE. */
enum core_qs core_db_select_login_throttle(struct core_db_conn *c,
                                           const char *name, const char *addr,
                                           struct core_db_login_throttle *out);

/*
 * Takes a transaction-scoped lock on login name @a name, so that its
 * throttle check and attempt record cannot interleave with another's. ONE.
 */
enum core_qs core_db_lock_login_name(struct core_db_conn *c, const char *name);

/*
 * Records a login attempt of @a name from @a addr as failed, before the
 * password is checked; @a known: whether such a user exists. Its id into
 * @a id (out). ONE.
 */
enum core_qs core_db_insert_login_attempt(struct core_db_conn *c,
                                          const char *name, const char *addr,
                                          bool known, int64_t *id);

/*
 * Lifts the login throttle of @a name: its failures so far stop counting.
 * @a why (in) says who did it ("cli:unlock", "cli:passwd"). ONE, or
 * NONE when there is no such user.
 */
enum core_qs core_db_insert_login_unlock(struct core_db_conn *c,
                                         const char *name, const char *why);

/* Marks attempt @a id as successful. ONE. */
enum core_qs core_db_mark_login_ok(struct core_db_conn *c, int64_t id);

/*
 * Reads the active user whose username (or, with @a by_badge, badge code)
 * is @a key into @a p (out) and its password (or PIN) hash into @a hash
 * (out); strings in @a arena. ONE, or NONE if there is none.
 */
enum core_qs core_db_select_user_login(struct core_db_conn *c, bool by_badge,
                                       const char *key,
                                       struct core_arena *arena,
                                       struct core_principal *p,
                                       const char **hash);

/*
 * Opens a session for user @a user_id with bearer @a token (stored only as
 * its digest) and @a csrf, ending after @a lifetime_s; its id into
 * @a id (out). ONE.
 */
enum core_qs core_db_insert_session(struct core_db_conn *c, const char *token,
                                    const char *csrf, int64_t user_id,
                                    const char *addr, int lifetime_s,
                                    int64_t *id);

/*
 * Finds the live session of @a token (not ended, not expired, used within
 * @a idle_s, active user), refreshes its idle clock, and reads it into
 * @a p (out, strings in @a arena) and its end and last use into @a t (out,
 * the database's clock). ONE, or NONE.
 */
enum core_qs core_db_touch_session(struct core_db_conn *c, const char *token,
                                   int idle_s, struct core_arena *arena,
                                   struct core_principal *p,
                                   struct core_auth_times *t);

/*
 * Sets the last use of sessions @a ids (in, @a n of them) to @a ats (in,
 * Unix seconds on the database's clock), never later than now() nor
 * earlier than it was (core/core_auth_cache.c). The count.
 */
enum core_qs core_db_touch_sessions(struct core_db_conn *c, unsigned n,
                                    const int64_t *ids, const double *ats);

/*
 * Records in session @a id the WAL position after its change committed
 * (read-your-writes on a read replica). ONE, or NONE if no such session.
 */
enum core_qs core_db_note_session_write(struct core_db_conn *c, int64_t id);

/*
 * As core_db_note_session_write, for API key @a id (migration 0470): the
 * position only moves on. ONE, or NONE if no such key.
 */
enum core_qs core_db_note_key_write(struct core_db_conn *c, int64_t id);

/* Ends session @a id. ONE, or NONE if it had ended already. */
enum core_qs core_db_end_session(struct core_db_conn *c, int64_t id);

/* Ends every live session of @a username; the count. */
enum core_qs core_db_end_user_sessions(struct core_db_conn *c,
                                       const char *username);

/*
 * Inserts a user (@a badge and @a pin_hash may be NULL; @a owner, a stock
 * owner's code, only for role client); its id into @a id (out). ONE, or
 * NONE when the username or badge is taken; an unknown owner is refused
 * (unknown_owner, core_db.c's CORE_DB_SQLSTATE_REFUSED).
 */
enum core_qs core_db_insert_user(struct core_db_conn *c, const char *username,
                                 const char *role, const char *hash,
                                 const char *badge, const char *pin_hash,
                                 const char *owner, int64_t *id);

/*
 * Limits user @a user_id to warehouse @a code. ONE; NONE if listed
 * already; HARD with SQLSTATE 23503 if the warehouse does not exist.
 */
enum core_qs core_db_insert_user_warehouse(struct core_db_conn *c,
                                           int64_t user_id, const char *code);

/* Sets the password hash of @a username. ONE, or NONE if no such user. */
enum core_qs core_db_update_user_password(struct core_db_conn *c,
                                          const char *username,
                                          const char *hash);

/* Disables @a username. ONE, or NONE if no such user. */
enum core_qs core_db_disable_user(struct core_db_conn *c, const char *username);

/* All users by username into @a items (out, @a n, in @a arena). */
enum core_qs core_db_list_users(struct core_db_conn *c,
                                struct core_arena *arena,
                                struct core_user **items, unsigned *n);

/*
 * Inserts API key @a name (@a key stored only as its digest), of supplier
 * @a supplier (code, may be NULL). ONE, or NONE when the name is taken
 * (a unique violation) or the supplier does not exist.
 */
enum core_qs core_db_insert_api_key(struct core_db_conn *c, const char *name,
                                    const char *prefix, const char *key,
                                    const char *scopes, const char *supplier,
                                    const char *owner);

/*
 * Reads the unrevoked key @a key into @a p (out, in @a arena) and the
 * database's clock into @a t (out, may be NULL). ONE/NONE.
 */
enum core_qs core_db_select_api_key(struct core_db_conn *c, const char *key,
                                    struct core_arena *arena,
                                    struct core_principal *p,
                                    struct core_auth_times *t);

/* All API keys by name (never the key) into @a items (out, @a n). */
enum core_qs core_db_list_api_keys(struct core_db_conn *c,
                                   struct core_arena *arena,
                                   struct core_auth_api_key **items,
                                   unsigned *n);

/* Revokes key @a name. ONE, or NONE if no unrevoked key has that name. */
enum core_qs core_db_revoke_api_key(struct core_db_conn *c, const char *name);

/* Appends @a row to the audit log. ONE. */
enum core_qs core_db_insert_audit(struct core_db_conn *c,
                                  const struct core_audit_row *row);

/*
 * One page of audit rows matching @a f, newest first, into @a items (out,
 * @a n, in @a arena); @a total (out) counts all matches.
 */
enum core_qs core_db_list_audit(struct core_db_conn *c,
                                const struct core_audit_filter *f,
                                struct core_arena *arena,
                                struct core_audit_row **items, unsigned *n,
                                int64_t *total);

#endif
