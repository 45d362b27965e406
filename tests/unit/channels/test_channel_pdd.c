/*
 * The Pinduoduo signature of channels/channel_pdd.c. No published example
 * with its signature was found in Pinduoduo's documentation, so the fixed
 * vector here was computed independently (Python's hashlib over the
 * documented string: client secret, then every parameter but sign sorted
 * by name as name followed by value, then the secret; MD5, uppercase hex)
 * and is also checked against OpenSSL's one-shot MD5 of that string
 * written out by hand. Also: the order of parameters not mattering, "sign"
 * and empty values being left out, another secret or value changing it.
 */
#include "channel_pdd.h"

#include <openssl/evp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#define VECTOR "5BFD8A69A5D1AD70E4EB497F51908827"

static const struct channel_pdd_param example[] = {
    {"type", "pdd.order.number.list.increment.get"},
    {"client_id", "test-client"},
    {"access_token", "test-token"},
    {"timestamp", "1480411125"},
    {"data_type", "JSON"},
    {"version", "V1"},
    {"start_updated_at", "1480409325"},
    {"end_updated_at", "1480411125"},
    {"page", "1"},
    {"page_size", "20"},
    {"is_lucky_flag", "1"},
    {"order_status", "5"},
    {"refund_status", "5"},
};
enum { N = sizeof example / sizeof example[0] };

static void
fixed_vector(void **state)
{
  (void)state;
  char sign[33];
  assert_true(channel_pdd_sign(example, N, "test-secret", sign));
  assert_string_equal(sign, VECTOR);
}

static void
the_vector_is_md5_of_the_documented_string(void **state)
{
  (void)state;
  static const char text[] =
      "test-secretaccess_tokentest-tokenclient_idtest-clientdata_typeJSON"
      "end_updated_at1480411125is_lucky_flag1order_status5page1page_size20"
      "refund_status5start_updated_at1480409325timestamp1480411125"
      "typepdd.order.number.list.increment.getversionV1test-secret";
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  assert_int_equal(EVP_Digest(text, strlen(text), md, &len, EVP_md5(), NULL),
                   1);
  char want[33];
  for (unsigned i = 0; i < len; i++)
    snprintf(want + 2 * i, 3, "%02X", md[i]);
  assert_string_equal(want, VECTOR);
}

static void
order_sign_and_empty_values_do_not_matter(void **state)
{
  (void)state;
  struct channel_pdd_param p[N + 2];
  for (int i = 0; i < N; i++)
    p[i] = example[N - 1 - i];
  p[N] = (struct channel_pdd_param){"sign", "ABCDEF"};
  p[N + 1] = (struct channel_pdd_param){"trade_type", ""};
  char sign[33];
  assert_true(channel_pdd_sign(p, N + 2, "test-secret", sign));
  assert_string_equal(sign, VECTOR);
  /* A changed value, or another secret, changes the signature. */
  p[0].value = "1";
  assert_true(channel_pdd_sign(p, N + 2, "test-secret", sign));
  assert_string_not_equal(sign, VECTOR);
  assert_true(channel_pdd_sign(example, N, "other", sign));
  assert_string_not_equal(sign, VECTOR);
}

static void
the_adapter_is_registered(void **state)
{
  (void)state;
  assert_ptr_equal(channel_find("pinduoduo"), &channel_pdd_adapter);
  assert_non_null(channel_pdd_adapter.pull);
  assert_non_null(channel_pdd_adapter.ship);
  assert_non_null(channel_pdd_adapter.refresh);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(fixed_vector),
      cmocka_unit_test(the_vector_is_md5_of_the_documented_string),
      cmocka_unit_test(order_sign_and_empty_values_do_not_matter),
      cmocka_unit_test(the_adapter_is_registered),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
