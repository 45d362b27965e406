#ifndef CORE_RATE_H
#define CORE_RATE_H
/*
 * Token buckets keyed by a string (an API key, a client address): each key
 * may take `per_s` requests a second on average and `burst` at once. The
 * table has a fixed number of slots, so memory stays flat whatever the
 * number of keys; when a slot group is full the key seen longest ago gives
 * its slot up (its bucket had refilled anyway unless it was just used).
 * Keys are hashed with a keyed SipHash (libsodium), so a client cannot
 * choose keys that collide. Thread-safe.
 */
#include <stdbool.h>
#include <stddef.h>

struct core_rate;

/*
 * A table for @a per_s requests a second and @a burst at once, with room
 * for about @a slots keys. Returns NULL when @a per_s is 0 (no limit) or
 * memory is short; core_rate_take on NULL always allows.
 */
struct core_rate *core_rate_new(unsigned per_s, unsigned burst, size_t slots);

/* Frees @a r (owned, consumed; NULL is fine). */
void core_rate_free(struct core_rate *r);

/*
 * Takes one request from the bucket of @a key (@a len bytes). Returns true
 * if allowed; false with @a retry_after_s (out) the whole seconds until
 * the bucket holds a request again (at least 1).
 */
bool core_rate_take(struct core_rate *r, const void *key, size_t len,
                    unsigned *retry_after_s);

#endif
