/* Secrets: argon2id hashes, the length rule, tokens, constant-time equal. */
#include "core_password.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

static void
hash_is_argon2id_and_verifies(void **state)
{
  char h[CORE_PASSWORD_HASH_MAX], h2[CORE_PASSWORD_HASH_MAX];
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  assert_int_equal(core_password_hash("correct horse battery", h), CORE_EC_OK);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("argon2id hash: %.1f ms\n",
         (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
  assert_memory_equal(h, "$argon2id$", 10);
  assert_true(core_password_verify("correct horse battery", h));
  assert_false(core_password_verify("correct horse batterY", h));
  assert_false(core_password_verify("", h));
  /* A fresh salt each time. */
  assert_int_equal(core_password_hash("correct horse battery", h2), CORE_EC_OK);
  assert_string_not_equal(h, h2);
  /* An unknown user: false, after the same work. */
  assert_false(core_password_verify("correct horse battery", NULL));
  assert_false(core_password_verify("x", "$argon2id$garbage"));
}

static void
length_and_pin_rules(void **state)
{
  assert_int_equal(core_password_check("123456789"), CORE_EC_WEAK_PASSWORD);
  assert_int_equal(core_password_check("1234567890"), CORE_EC_OK);
  assert_int_equal(
      core_password_check("\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6"),
      CORE_EC_WEAK_PASSWORD);
  char big[CORE_PASSWORD_MAX + 2];
  memset(big, 'a', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  assert_int_equal(core_password_check(big), CORE_EC_WEAK_PASSWORD);
  assert_true(core_password_pin_ok("1234"));
  assert_true(core_password_pin_ok("12345678"));
  assert_false(core_password_pin_ok("123"));
  assert_false(core_password_pin_ok("123456789"));
  assert_false(core_password_pin_ok("12a4"));
}

static void
tokens_are_256_bit_hex_and_differ(void **state)
{
  char a[CORE_TOKEN_HEX + 1], b[CORE_TOKEN_HEX + 1];
  assert_int_equal(core_password_token(a), CORE_EC_OK);
  assert_int_equal(core_password_token(b), CORE_EC_OK);
  assert_int_equal(strlen(a), 64);
  assert_int_equal(strspn(a, "0123456789abcdef"), 64);
  assert_string_not_equal(a, b);
}

static void
equal_compares_whole_strings(void **state)
{
  assert_true(core_password_equal("abc", "abc"));
  assert_false(core_password_equal("abc", "abd"));
  assert_false(core_password_equal("abc", "abcd"));
  assert_false(core_password_equal("", "a"));
  assert_true(core_password_equal("", ""));
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(hash_is_argon2id_and_verifies),
      cmocka_unit_test(length_and_pin_rules),
      cmocka_unit_test(tokens_are_256_bit_hex_and_differ),
      cmocka_unit_test(equal_compares_whole_strings),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
