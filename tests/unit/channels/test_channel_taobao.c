/*
 * The TOP signature of channels/channel_taobao.c against the platform's
 * published example: the "API call protocol" page of the Taobao open
 * platform documentation signs taobao.user.seller.get with app_key test,
 * secret test, session test, fields nick, format xml, v 2.0, sign_method
 * md5 and timestamp 2013-05-06 13:52:03, and shows the signature
 * 72CB4D809B375A54502C09360D879C64. Also: the GMT+8 timestamp text, the
 * order of parameters not mattering, "sign" and empty values being left
 * out, and HMAC-MD5 (RFC 2104 over MD5, checked against OpenSSL's
 * one-shot HMAC of the concatenation).
 */
#include "channel_taobao.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

static const struct channel_taobao_param example[] = {
    {"method", "taobao.user.seller.get"},
    {"timestamp", "2013-05-06 13:52:03"},
    {"format", "xml"},
    {"app_key", "test"},
    {"v", "2.0"},
    {"fields", "nick"},
    {"sign_method", "md5"},
    {"session", "test"},
};

static void
published_example_md5(void **state)
{
  (void)state;
  char sign[33];
  assert_true(channel_taobao_sign(example, 8, "test", "md5", sign));
  assert_string_equal(sign, "72CB4D809B375A54502C09360D879C64");
}

static void
order_sign_and_empty_values_do_not_matter(void **state)
{
  (void)state;
  struct channel_taobao_param p[10];
  for (int i = 0; i < 8; i++)
    p[i] = example[7 - i];
  p[8] = (struct channel_taobao_param){"sign", "ABCDEF"};
  p[9] = (struct channel_taobao_param){"buyer_nick", ""};
  char sign[33];
  assert_true(channel_taobao_sign(p, 10, "test", "md5", sign));
  assert_string_equal(sign, "72CB4D809B375A54502C09360D879C64");
  /* A changed value changes the signature. */
  p[0].value = "other";
  assert_true(channel_taobao_sign(p, 10, "test", "md5", sign));
  assert_string_not_equal(sign, "72CB4D809B375A54502C09360D879C64");
}

static void
hmac_md5_over_the_sorted_string(void **state)
{
  (void)state;
  static const char text[] =
      "app_keytestfieldsnickformatxmlmethodtaobao.user.seller.get"
      "sessiontestsign_methodmd5timestamp2013-05-06 13:52:03v2.0";
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_md5(), "test", 4, (const unsigned char *)text, strlen(text), mac,
       &len);
  char want[33];
  for (unsigned i = 0; i < len; i++)
    snprintf(want + 2 * i, 3, "%02X", mac[i]);
  char sign[33];
  assert_true(channel_taobao_sign(example, 8, "test", "hmac", sign));
  assert_string_equal(sign, want);
  assert_false(channel_taobao_sign(example, 8, "test", "sha1", sign));
}

static void
timestamps_are_gmt_plus_8(void **state)
{
  (void)state;
  char ts[20];
  /* 2013-05-06 05:52:03 UTC is 13:52:03 in Beijing. */
  channel_taobao_time((time_t)1367819523, ts);
  assert_string_equal(ts, "2013-05-06 13:52:03");
  /* Across midnight. */
  channel_taobao_time((time_t)1367856000, ts);
  assert_string_equal(ts, "2013-05-07 00:00:00");
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(published_example_md5),
      cmocka_unit_test(order_sign_and_empty_values_do_not_matter),
      cmocka_unit_test(hmac_md5_over_the_sorted_string),
      cmocka_unit_test(timestamps_are_gmt_plus_8),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
