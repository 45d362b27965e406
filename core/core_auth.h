#ifndef CORE_AUTH_H
#define CORE_AUTH_H
/*
 * Authentication: password and badge logins with brute-force throttling,
 * server-side sessions (idle timeout and absolute lifetime), and API keys.
 * Tokens and keys are 256-bit random values; the database holds only their
 * SHA-256, so a leaked table does not hand out sessions.
 */
#include "core_ec.h"
#include "core_perm.h"

#include <stdbool.h>
#include <stdint.h>

struct core_arena;

enum {
  CORE_AUTH_IDLE_S = 60 * 60,          /* a session unused this long ends */
  CORE_AUTH_LIFETIME_S = 12 * 60 * 60, /* and any session after a shift */
  CORE_AUTH_MAX_PAIR_FAILS = 5,        /* per (name, address) in the window */
  CORE_AUTH_MAX_ADDR_FAILS = 50,       /* unknown names per address, likewise */
  CORE_AUTH_SLOW_STEP_S = 2,           /* a failing name's pace, per failure */
  CORE_AUTH_SLOW_MAX_S = 60,           /* at most this between its attempts */
  CORE_AUTH_KEY_LEN = 4 + 64,          /* "dpk_" + 64 hex */
};

enum core_principal_kind {
  CORE_PRINCIPAL_NONE,
  CORE_PRINCIPAL_USER,
  CORE_PRINCIPAL_KEY,
};

/* Who is calling; strings owned by the arena of the request. */
struct core_principal {
  enum core_principal_kind kind;
  int64_t id;             /* app_user.id or api_key.id */
  int64_t session_id;     /* users: the session used */
  const char *name;       /* username or key name */
  enum core_role role;    /* users only */
  const char *warehouses; /* users: comma-separated codes; "": all */
  const char *scopes;     /* keys: comma-separated scopes */
  int64_t supplier_id;    /* keys of a supplier: it sees only its own */
  int64_t owner_id;       /* a client (role client or an owner's key): only
                             this stock owner's records; 0: none */
  const char *owner;      /* that owner's code; "" when none */
  const char *csrf_token; /* users: of the session */
  const char *write_lsn;  /* WAL position of the session's or key's last
                             change ("%X/%X"), "" or NULL: none */
};

/* A new session, as login returns it. */
struct core_auth_session {
  char token[CORE_AUTH_KEY_LEN + 1]; /* sent to the client once */
  char csrf_token[CORE_AUTH_KEY_LEN + 1];
  struct core_principal principal;
};

/*
 * Logs @a username in with @a password (in) from @a client_addr (in).
 * Returns CORE_EC_OK with @a out (out, strings in @a arena) filled;
 * CORE_EC_BAD_CREDENTIALS; CORE_EC_TOO_MANY_REQUESTS with @a retry_after
 * (out, seconds) when the name or address has failed too often (even if
 * the password is right); or a database error.
 */
enum core_ec core_auth_login(const char *username, const char *password,
                             const char *client_addr, struct core_arena *arena,
                             struct core_auth_session *out,
                             unsigned *retry_after);

/* As core_auth_login, for a picker's badge code and PIN. */
enum core_ec core_auth_badge(const char *badge, const char *pin,
                             const char *client_addr, struct core_arena *arena,
                             struct core_auth_session *out,
                             unsigned *retry_after);

/*
 * Resolves bearer/cookie @a token (in) into @a out (out, strings in
 * @a arena) and refreshes its idle clock. Returns CORE_EC_OK,
 * CORE_EC_UNAUTHENTICATED (unknown, ended, expired, idle or disabled user)
 * or a database error.
 */
enum core_ec core_auth_session_get(const char *token, struct core_arena *arena,
                                   struct core_principal *out);

/* Ends session @a session_id. Returns CORE_EC_OK or a database error. */
enum core_ec core_auth_logout(int64_t session_id);

/*
 * Records that @a who (in: a user's session or an API key) changed
 * something that committed: its reads then wait for the read replica to
 * replay this far, or go to the primary (read-your-writes,
 * docs/scale.md). Returns CORE_EC_OK, CORE_EC_INVALID_VALUE for a
 * principal with neither, or a database error.
 */
enum core_ec core_auth_note_write(const struct core_principal *who);

/* Whether @a token (in) looks like an API key ("dpk_" + 64 hex). */
bool core_auth_is_api_key(const char *token);

/* As core_auth_session_get, for an API key. */
enum core_ec core_auth_api_key_get(const char *key, struct core_arena *arena,
                                   struct core_principal *out);

/*
 * Creates API key @a name (in) with the comma-separated @a scopes (in,
 * each known to core_perm) and writes the key, to be shown once, into
 * @a key (out). @a supplier (in, may be NULL) makes it that supplier's key;
 * @a owner (in, a stock owner's code, may be NULL) makes it a 3PL client's
 * key that sees only that owner's records (web/web_owner.h).
 * Returns CORE_EC_OK, CORE_EC_ALREADY_EXISTS, CORE_EC_INVALID_VALUE (bad
 * scope or name), CORE_EC_UNKNOWN_SUPPLIER, CORE_EC_UNKNOWN_OWNER or a
 * database error.
 */
enum core_ec core_auth_api_key_create(const char *name, const char *scopes,
                                      const char *supplier, const char *owner,
                                      char key[CORE_AUTH_KEY_LEN + 1]);

/* An API key as listed; strings owned by an arena. */
struct core_auth_api_key {
  const char *name;
  const char *prefix; /* first characters of the key, to tell keys apart */
  const char *scopes;
  bool revoked;
  const char *created_at;
};

/* Lists every key into @a items (out, @a n of them, in @a arena). */
enum core_ec core_auth_api_key_list(struct core_arena *arena,
                                    struct core_auth_api_key **items,
                                    unsigned *n);

/* Revokes key @a name. Returns CORE_EC_OK or CORE_EC_NOT_FOUND. */
enum core_ec core_auth_api_key_revoke(const char *name);

/*
 * Whether principal @a p (in) may touch warehouse @a code (in): unscoped
 * users and API keys may touch all of them.
 */
bool core_auth_warehouse_allowed(const struct core_principal *p,
                                 const char *code);

/* Registers the statements of this module (call before core_db_open). */
void core_auth_register(void);

#endif
