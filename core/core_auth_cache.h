#ifndef CORE_AUTH_CACHE_H
#define CORE_AUTH_CACHE_H
/*
 * The node's session cache (issue 26 item 4): the sessions and API keys
 * this `depot serve` checked, by the SHA-256 of their token, so that an
 * authenticated request in the common case costs no database round trip.
 *
 * Bounded (CORE_AUTH_CACHE_SLOTS entries, the least recently used of a
 * bucket goes). Kept true by LISTEN depot_auth on a connection of its own:
 * the triggers of migration 0420 notify every sign-out, revoke, disable,
 * role, warehouse, owner or password change, and the node drops what the
 * payload names. While that connection is down, the cache is empty and
 * unused (every request reads the database, fail closed); it is emptied
 * again once LISTEN is back, as a notification may have been missed.
 * Expiry (absolute lifetime, idle timeout) is checked on every hit against
 * the database's clock; an entry is also dropped after
 * CORE_AUTH_CACHE_MAX_AGE_S whatever happens. A session's last use is
 * written back in one batched statement every CORE_AUTH_CACHE_FLUSH_S,
 * for each session at most once per CORE_AUTH_CACHE_TOUCH_S.
 *
 * Thread-safe. Until core_auth_cache_start, every call is a miss or a
 * no-op (the CLI, tests that run core functions).
 */
#include "core_auth.h"
#include "core_ec.h"

#include <stdbool.h>
#include <stdint.h>

struct core_arena;

enum {
  CORE_AUTH_CACHE_SLOTS = 8192,    /* entries at most */
  CORE_AUTH_CACHE_MAX_AGE_S = 300, /* an entry is read again after this */
  CORE_AUTH_CACHE_TOUCH_S = 30,    /* last_seen_at written at most this often */
  CORE_AUTH_CACHE_FLUSH_S = 10,    /* the batched touch runs this often */
};

/* When a cached session ends, on the database's clock (Unix seconds). */
struct core_auth_times {
  double db_now;     /* the database's now() when read */
  double expires_at; /* absolute end; 0: never (API keys) */
  double seen_at;    /* last_seen_at as the database now holds it */
};

/*
 * Starts the listener on @a conninfo (in, copied): a thread that LISTENs
 * on depot_auth, drops what notifications name and writes the batched
 * touches. Returns CORE_EC_OK or CORE_EC_INTERNAL (no thread).
 */
enum core_ec core_auth_cache_start(const char *conninfo);

/* Stops the listener, writes the pending touches and empties the cache. */
void core_auth_cache_stop(void);

/*
 * Finds @a token (in, a session token or API key) and, if it is cached
 * and neither expired nor idle, fills @a out (out, strings in @a arena)
 * and records the use. Returns true on such a hit.
 */
bool core_auth_cache_get(const char *token, struct core_arena *arena,
                         struct core_principal *out);

/*
 * The cache's generation, to take before reading a caller from the
 * database and hand to core_auth_cache_put; 0 while the cache is off.
 */
uint64_t core_auth_cache_epoch(void);

/*
 * Caches @a p (in, copied) for @a token (in) as read at @a t (in), unless
 * anything was dropped since @a epoch (a notification may concern what
 * was read) or the cache is off.
 */
void core_auth_cache_put(uint64_t epoch, const char *token,
                         const struct core_principal *p,
                         const struct core_auth_times *t);

/* Drops session @a session_id (this node signed it out). */
void core_auth_cache_forget_session(int64_t session_id);

/* Drops everything (this node changed a user or a key). */
void core_auth_cache_clear(void);

/* Counters, for the log and tests. */
struct core_auth_cache_stats {
  uint64_t hits, misses, clears, touches;
  bool listening;
};

/* Reads the counters into @a out (out). */
void core_auth_cache_stats(struct core_auth_cache_stats *out);

#endif
