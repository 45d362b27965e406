/*
 * Token buckets (core_rate): a key takes its burst at once, then waits for
 * the refill; keys do not share buckets; a table full of keys forgets the
 * one seen longest ago instead of growing.
 */
#include "core_rate.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static bool
take(struct core_rate *r, const char *key, unsigned *wait)
{
  return core_rate_take(r, key, strlen(key), wait);
}

static void
a_key_takes_its_burst_then_is_told_how_long_to_wait(void **state)
{
  (void)state;
  struct core_rate *r = core_rate_new(1, 5, 64);
  assert_non_null(r);
  unsigned wait = 0;
  for (int i = 0; i < 5; i++)
    assert_true(take(r, "dpk_a", &wait));
  assert_false(take(r, "dpk_a", &wait));
  assert_int_equal(wait, 1);
  usleep(1100000); /* one request a second refills one */
  assert_true(take(r, "dpk_a", &wait));
  assert_false(take(r, "dpk_a", &wait));
  core_rate_free(r);
}

static void
keys_have_buckets_of_their_own(void **state)
{
  (void)state;
  struct core_rate *r = core_rate_new(1, 2, 64);
  unsigned wait = 0;
  assert_true(take(r, "10.0.0.1", &wait));
  assert_true(take(r, "10.0.0.1", &wait));
  assert_false(take(r, "10.0.0.1", &wait));
  assert_true(take(r, "10.0.0.2", &wait));
  assert_true(take(r, "10.0.0.2", &wait));
  core_rate_free(r);
}

static void
a_full_table_forgets_the_oldest_key_and_keeps_its_size(void **state)
{
  (void)state;
  /* 8 slots: one group. The 9th key takes the slot of the first. */
  struct core_rate *r = core_rate_new(1, 1, 8);
  unsigned wait = 0;
  char key[16];
  for (int i = 0; i < 8; i++) {
    snprintf(key, sizeof key, "k%d", i);
    assert_true(take(r, key, &wait));
    usleep(1000);
  }
  assert_false(take(r, "k7", &wait)); /* still remembered: empty */
  assert_true(take(r, "k8", &wait));  /* evicts k0, the oldest */
  assert_true(take(r, "k0", &wait));  /* forgotten, so a full bucket again */
  core_rate_free(r);
}

static void
no_rate_means_no_limit(void **state)
{
  (void)state;
  struct core_rate *r = core_rate_new(0, 10, 64);
  assert_null(r);
  unsigned wait = 0;
  for (int i = 0; i < 1000; i++)
    assert_true(take(r, "any", &wait));
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_key_takes_its_burst_then_is_told_how_long_to_wait),
      cmocka_unit_test(keys_have_buckets_of_their_own),
      cmocka_unit_test(a_full_table_forgets_the_oldest_key_and_keeps_its_size),
      cmocka_unit_test(no_rate_means_no_limit),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
