/*
 * The node's session cache (core/core_auth_cache.c) without a database:
 * the .c is included to switch the cache on as its listener would. A hit
 * copies the caller; the end of life and the idle timeout are checked on
 * every hit on the database's clock; a read that began before an
 * invalidation cannot put its answer back; notifications drop what they
 * name (s, u, k) and anything else drops all; a full bucket keeps its size;
 * while not listening nothing is served or kept.
 */
#include "../../../core/core_auth_cache.c"

#include "core_arena.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

static const char tok_a[] =
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
static const char tok_b[] =
    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

static int
on(void **state)
{
  (void)state;
  assert_true(sodium_init() >= 0);
  pthread_once(&once, init_shards);
  atomic_store(&running, true);
  atomic_store(&live, true);
  invalidate(NULL, 0);
  return 0;
}

static struct core_principal
user(int64_t id, int64_t session)
{
  struct core_principal p = {0};
  p.kind = CORE_PRINCIPAL_USER;
  p.id = id;
  p.session_id = session;
  p.name = "kim";
  p.role = CORE_ROLE_PICKER;
  p.warehouses = "W1";
  p.owner = "";
  p.csrf_token = "c";
  p.scopes = "";
  return p;
}

/* Puts @a tok for @a p, read now with @a ends_in seconds of life left. */
static void
put(const char *tok, struct core_principal p, double ends_in, double idle)
{
  double now = now_s();
  struct core_auth_times t = {now, now + ends_in, now - idle};
  core_auth_cache_put(core_auth_cache_epoch(), tok, &p, &t);
}

/* Moves the last use of @a tok back by @a secs, as if unused since. */
static void
unused_for(const char *tok, double secs)
{
  unsigned char k[KEY_LEN];
  crypto_hash_sha256(k, (const unsigned char *)tok, strlen(tok));
  struct shard *sh;
  struct entry *b = bucket_of(k, &sh);
  for (unsigned w = 0; w < WAYS; w++) {
    if (b[w].used && memcmp(b[w].key, k, KEY_LEN) == 0)
      b[w].seen_at -= secs;
  }
}

static bool
hit(const char *tok, struct core_principal *out)
{
  struct core_arena *a = core_arena_new();
  bool h = core_auth_cache_get(tok, a, out);
  if (h)
    assert_string_equal(out->warehouses, "W1");
  core_arena_free(a);
  return h;
}

static void
a_hit_copies_the_caller(void **state)
{
  on(state);
  struct core_principal out;
  assert_false(hit(tok_a, &out));
  put(tok_a, user(7, 70), 3600, 0);
  assert_true(hit(tok_a, &out));
  assert_int_equal(out.id, 7);
  assert_int_equal(out.session_id, 70);
  assert_int_equal(out.role, CORE_ROLE_PICKER);
  assert_false(hit(tok_b, &out));
}

static void
ended_or_idle_sessions_are_not_served(void **state)
{
  on(state);
  struct core_principal out;
  put(tok_a, user(7, 70), -1, 0);
  assert_false(hit(tok_a, &out));
  put(tok_b, user(8, 80), 3600, 0);
  assert_true(hit(tok_b, &out));
  unused_for(tok_b, CORE_AUTH_IDLE_S); /* an hour without a request */
  assert_false(hit(tok_b, &out));
  /* A clock skew is the database's: 100 s behind it, 50 s left is 50 s. */
  double now = now_s();
  struct core_auth_times t = {now + 100, now + 150, now + 100};
  core_auth_cache_put(core_auth_cache_epoch(), tok_a,
                      &(struct core_principal){.kind = CORE_PRINCIPAL_USER,
                                               .id = 7,
                                               .session_id = 70,
                                               .warehouses = "W1"},
                      &t);
  assert_true(hit(tok_a, &out));
}

static void
a_read_that_raced_an_invalidation_is_not_kept(void **state)
{
  on(state);
  uint64_t epoch = core_auth_cache_epoch();
  dispatch("u99"); /* someone else's change, while our read ran */
  double now = now_s();
  struct core_auth_times t = {now, now + 3600, now};
  struct core_principal p = user(7, 70);
  core_auth_cache_put(epoch, tok_a, &p, &t);
  struct core_principal out;
  assert_false(hit(tok_a, &out));
}

static void
notifications_drop_what_they_name(void **state)
{
  on(state);
  struct core_principal out;
  put(tok_a, user(7, 70), 3600, 0);
  put(tok_b, user(8, 80), 3600, 0);
  dispatch("s80");
  assert_true(hit(tok_a, &out));
  assert_false(hit(tok_b, &out));
  put(tok_b, user(8, 80), 3600, 0);
  dispatch("u7");
  assert_false(hit(tok_a, &out));
  assert_true(hit(tok_b, &out));
  dispatch("k8"); /* a key, not user 8 */
  assert_true(hit(tok_b, &out));
  dispatch("s"); /* not a whole number: everything goes */
  assert_false(hit(tok_b, &out));
  put(tok_a, user(7, 70), 3600, 0);
  dispatch("*");
  assert_false(hit(tok_a, &out));
}

static void
a_full_bucket_keeps_its_size(void **state)
{
  on(state);
  /* Tokens of one bucket: more than WAYS of them evict, never grow. */
  char toks[WAYS + 2][65];
  unsigned found = 0;
  unsigned char first[KEY_LEN];
  crypto_hash_sha256(first, (const unsigned char *)tok_a, strlen(tok_a));
  struct shard *sh0;
  struct entry *b0 = bucket_of(first, &sh0);
  for (unsigned i = 0; found < WAYS + 2 && i < 1000000; i++) {
    char t[65];
    snprintf(t, sizeof t, "%064u", i);
    unsigned char k[KEY_LEN];
    crypto_hash_sha256(k, (const unsigned char *)t, 64);
    struct shard *sh;
    if (bucket_of(k, &sh) == b0)
      memcpy(toks[found++], t, 65);
  }
  assert_int_equal(found, WAYS + 2);
  for (unsigned i = 0; i < WAYS + 2; i++)
    put(toks[i], user(i + 1, i + 1), 3600, 0);
  unsigned used = 0;
  for (unsigned w = 0; w < WAYS; w++)
    used += b0[w].used ? 1 : 0;
  assert_int_equal(used, WAYS);
  struct core_principal out;
  assert_true(hit(toks[WAYS + 1], &out)); /* the newest stays */
}

static void
nothing_is_served_or_kept_while_not_listening(void **state)
{
  on(state);
  struct core_principal out;
  put(tok_a, user(7, 70), 3600, 0);
  atomic_store(&live, false);
  invalidate(NULL, 0);
  assert_int_equal(core_auth_cache_epoch(), 0);
  put(tok_a, user(7, 70), 3600, 0);
  assert_false(hit(tok_a, &out));
  atomic_store(&live, true);
  assert_false(hit(tok_a, &out));
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_hit_copies_the_caller),
      cmocka_unit_test(ended_or_idle_sessions_are_not_served),
      cmocka_unit_test(a_read_that_raced_an_invalidation_is_not_kept),
      cmocka_unit_test(notifications_drop_what_they_name),
      cmocka_unit_test(a_full_bucket_keeps_its_size),
      cmocka_unit_test(nothing_is_served_or_kept_while_not_listening),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
