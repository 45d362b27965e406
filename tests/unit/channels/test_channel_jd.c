/*
 * The JOS signature of channels/channel_jd.c. No published example with
 * its signature was found in JD's documentation, so the fixed vector here
 * was computed independently (Python's hashlib over the documented
 * string: secret, then every parameter but sign sorted by name as name
 * followed by value, then the secret; MD5, uppercase hex) and is also
 * checked against OpenSSL's one-shot MD5 of that string written out by
 * hand. Also: the GMT+8 timestamp text, the order of parameters not
 * mattering, "sign" and empty values being left out, the refresh URL.
 */
#include "channel_jd.h"
#include "core_arena.h"

#include <openssl/evp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#define PJ                                                                     \
  "{\"order_state\":\"WAIT_SELLER_STOCK_OUT\",\"page\":\"1\",\"page_size\":"   \
  "\"20\"}"
#define VECTOR "6F43EC509B0A8879BD082411BE454C28"

static const struct channel_jd_param example[] = {
    {"method", "jingdong.pop.order.search"},
    {"app_key", "test"},
    {"access_token", "test"},
    {"timestamp", "2013-05-06 13:52:03"},
    {"v", "2.0"},
    {"format", "json"},
    {"360buy_param_json", PJ},
};

static void
fixed_vector(void **state)
{
  (void)state;
  char sign[33];
  assert_true(channel_jd_sign(example, 7, "test", sign));
  assert_string_equal(sign, VECTOR);
}

static void
the_vector_is_md5_of_the_documented_string(void **state)
{
  (void)state;
  static const char text[] =
      "test360buy_param_json" PJ "access_tokentestapp_keytestformatjson"
      "methodjingdong.pop.order.searchtimestamp2013-05-06 13:52:03v2.0test";
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
  struct channel_jd_param p[9];
  for (int i = 0; i < 7; i++)
    p[i] = example[6 - i];
  p[7] = (struct channel_jd_param){"sign", "ABCDEF"};
  p[8] = (struct channel_jd_param){"buyer", ""};
  char sign[33];
  assert_true(channel_jd_sign(p, 9, "test", sign));
  assert_string_equal(sign, VECTOR);
  /* A changed value, or another secret, changes the signature. */
  p[0].value = "{\"page\":\"2\"}";
  assert_true(channel_jd_sign(p, 9, "test", sign));
  assert_string_not_equal(sign, VECTOR);
  assert_true(channel_jd_sign(example, 7, "other", sign));
  assert_string_not_equal(sign, VECTOR);
}

static void
timestamps_are_gmt_plus_8(void **state)
{
  (void)state;
  char ts[20];
  /* 2013-05-06 05:52:03 UTC is 13:52:03 in Beijing. */
  channel_jd_time((time_t)1367819523, ts);
  assert_string_equal(ts, "2013-05-06 13:52:03");
  channel_jd_time((time_t)1367856000, ts);
  assert_string_equal(ts, "2013-05-07 00:00:00");
}

static void
the_refresh_url_follows_the_router(void **state)
{
  (void)state;
  struct core_arena *a = core_arena_new();
  assert_string_equal(
      channel_jd_refresh_url("https://api.jd.com/routerjson", a),
      "https://open-oauth.jd.com/oauth2/refresh_token");
  assert_string_equal(
      channel_jd_refresh_url("http://127.0.0.1:4321/routerjson", a),
      "http://127.0.0.1:4321/oauth2/refresh_token");
  assert_string_equal(channel_jd_refresh_url("http://sim", a),
                      "http://sim/oauth2/refresh_token");
  core_arena_free(a);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(fixed_vector),
      cmocka_unit_test(the_vector_is_md5_of_the_documented_string),
      cmocka_unit_test(order_sign_and_empty_values_do_not_matter),
      cmocka_unit_test(timestamps_are_gmt_plus_8),
      cmocka_unit_test(the_refresh_url_follows_the_router),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
