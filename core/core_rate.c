#include "core_rate.h"

#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Slots are probed in groups of GROUP; a group is guarded by one of
 * STRIPES locks, so threads rarely wait on each other. */
enum { GROUP = 8, STRIPES = 64 };

struct slot {
  uint64_t hash; /* 0: free */
  double tokens;
  uint64_t at_us; /* when tokens was last brought up to date */
};

struct core_rate {
  double per_us, burst;
  size_t groups;
  unsigned char hash_key[crypto_shorthash_KEYBYTES];
  pthread_mutex_t locks[STRIPES];
  struct slot *slots;
};

static uint64_t
now_us(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

struct core_rate *
core_rate_new(unsigned per_s, unsigned burst, size_t slots)
{
  if (per_s == 0 || sodium_init() < 0)
    return NULL;
  struct core_rate *r = calloc(1, sizeof *r);
  if (r == NULL)
    return NULL;
  r->groups = slots / GROUP > 0 ? slots / GROUP : 1;
  r->slots = calloc(r->groups * GROUP, sizeof *r->slots);
  if (r->slots == NULL) {
    free(r);
    return NULL;
  }
  r->per_us = per_s / 1e6;
  r->burst = burst > 0 ? burst : 1;
  crypto_shorthash_keygen(r->hash_key);
  for (int i = 0; i < STRIPES; i++)
    pthread_mutex_init(&r->locks[i], NULL);
  return r;
}

void
core_rate_free(struct core_rate *r)
{
  if (r == NULL)
    return;
  for (int i = 0; i < STRIPES; i++)
    pthread_mutex_destroy(&r->locks[i]);
  free(r->slots);
  free(r);
}

/* The slot of @a hash in group @a g: its own, a free one, or the one seen
 * longest ago (reset to a full bucket). Under the group's lock. */
static struct slot *
find_slot(struct core_rate *r, size_t g, uint64_t hash, uint64_t now)
{
  struct slot *s = &r->slots[g * GROUP], *oldest = s;
  for (int i = 0; i < GROUP; i++) {
    if (s[i].hash == hash)
      return &s[i];
    if (s[i].hash == 0 || s[i].at_us < oldest->at_us)
      oldest = &s[i];
    if (s[i].hash == 0)
      break;
  }
  oldest->hash = hash;
  oldest->tokens = r->burst;
  oldest->at_us = now;
  return oldest;
}

bool
core_rate_take(struct core_rate *r, const void *key, size_t len,
               unsigned *retry_after_s)
{
  if (r == NULL)
    return true;
  unsigned char h[crypto_shorthash_BYTES];
  crypto_shorthash(h, key, len, r->hash_key);
  uint64_t hash;
  memcpy(&hash, h, sizeof hash);
  hash |= 1; /* never 0, the free mark */
  size_t g = (size_t)(hash >> 1) % r->groups;
  pthread_mutex_t *lock = &r->locks[g % STRIPES];
  uint64_t now = now_us();
  pthread_mutex_lock(lock);
  struct slot *s = find_slot(r, g, hash, now);
  s->tokens += (double)(now - s->at_us) * r->per_us;
  if (s->tokens > r->burst)
    s->tokens = r->burst;
  s->at_us = now;
  bool ok = s->tokens >= 1.0;
  double wait_us = ok ? 0 : (1.0 - s->tokens) / r->per_us;
  if (ok)
    s->tokens -= 1.0;
  pthread_mutex_unlock(lock);
  if (!ok) {
    /* Whole seconds, rounded up, at least 1. (Truncating and adding one
     * said 2 for a bucket exactly empty, whose wait is exactly 1 s: two
     * takes within the same microsecond on a fast machine.) */
    uint64_t w = (uint64_t)wait_us;
    unsigned secs = (unsigned)((w + 999999) / 1000000);
    *retry_after_s = secs > 0 ? secs : 1;
  }
  return ok;
}
