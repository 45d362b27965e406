/* UTF-8 checks: well-formed text passes, every malformed shape is caught. */
#include "core_utf8.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static void
accepts_ascii_chinese_and_emoji(void **state)
{
  const char *ok[] = {"", "A-03-02-1", "株洲中心仓", "\xf0\x9f\x93\xa6 box",
                      "\xc3\xb6"};
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
    assert_true(core_utf8_valid(ok[i], strlen(ok[i])));
}

static void
rejects_malformed_sequences(void **state)
{
  const char *bad[] = {
      "\xff",             /* never valid */
      "\xc3",             /* truncated */
      "\xc3\x28",         /* bad continuation */
      "\xc0\xaf",         /* overlong '/' */
      "\xe0\x80\xaf",     /* overlong */
      "\xed\xa0\x80",     /* surrogate */
      "\xf4\x90\x80\x80", /* above U+10FFFF */
      "\xe4\xb8",         /* cut inside a CJK character */
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_false(core_utf8_valid(bad[i], strlen(bad[i])));
}

static void
sanitize_replaces_only_bad_bytes(void **state)
{
  char s[] = "仓\xe4\xb8";
  core_utf8_sanitize(s);
  assert_string_equal(s, "仓??");
  char t[] = "ok \xff end";
  core_utf8_sanitize(t);
  assert_string_equal(t, "ok ? end");
  assert_true(core_utf8_valid(s, strlen(s)));
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(accepts_ascii_chinese_and_emoji),
      cmocka_unit_test(rejects_malformed_sequences),
      cmocka_unit_test(sanitize_replaces_only_bad_bytes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
