/*
 * GS1 check digits against every case of the shared fixture file
 * (checkdigit_cases.tsv, path in argv[1]) plus GTIN padding.
 */
#include "dev_checkdigit.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

static const char *fixture_path;

static enum dev_checkdigit_kind
kind_of(const char *name)
{
  static const struct {
    const char *name;
    enum dev_checkdigit_kind kind;
  } kinds[] = {
      {"GTIN8", DEV_CHECKDIGIT_GTIN8},   {"GTIN12", DEV_CHECKDIGIT_GTIN12},
      {"GTIN13", DEV_CHECKDIGIT_GTIN13}, {"GTIN14", DEV_CHECKDIGIT_GTIN14},
      {"SSCC18", DEV_CHECKDIGIT_SSCC18}, {"GLN13", DEV_CHECKDIGIT_GLN13}};
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
    if (strcmp(kinds[i].name, name) == 0)
      return kinds[i].kind;
  }
  fail_msg("unknown kind %s", name);
  return DEV_CHECKDIGIT_GTIN13;
}

static void
every_fixture_case_passes(void **state)
{
  FILE *f = fopen(fixture_path, "r");
  assert_non_null(f);
  char line[512];
  int cases = 0;
  assert_non_null(fgets(line, sizeof line, f)); /* header */
  while (fgets(line, sizeof line, f) != NULL) {
    line[strcspn(line, "\r\n")] = '\0';
    char *cols[6] = {0};
    char *p = line;
    for (int i = 0; i < 6 && p != NULL; i++) {
      cols[i] = p;
      p = strchr(p, '\t');
      if (p != NULL)
        *p++ = '\0';
    }
    if (cols[3] == NULL)
      continue;
    char correct = '\0';
    enum dev_checkdigit_result r =
        dev_checkdigit_check(cols[2], kind_of(cols[1]), &correct);
    const char *got = r == DEV_CHECKDIGIT_VALID             ? "VALID"
                      : r == DEV_CHECKDIGIT_BAD_CHECK_DIGIT ? "BAD_CHECK_DIGIT"
                                                            : "BAD_FORMAT";
    if (strcmp(got, cols[3]) != 0)
      fail_msg("%s: %s expected %s, got %s", cols[0], cols[2], cols[3], got);
    if (cols[4] != NULL && cols[4][0] != '\0')
      assert_int_equal(correct, cols[4][0]);
    cases++;
  }
  fclose(f);
  assert_true(cases >= 10);
}

static void
gtins_of_every_length_pad_to_14(void **state)
{
  char g[15];
  assert_true(dev_checkdigit_is_gtin("40123455", g));
  assert_string_equal(g, "00000040123455");
  assert_true(dev_checkdigit_is_gtin("012345678905", g));
  assert_string_equal(g, "00012345678905");
  assert_true(dev_checkdigit_is_gtin("98712340000170", g));
  assert_false(dev_checkdigit_is_gtin("5012345678901", g));
  assert_false(dev_checkdigit_is_gtin("A-03-02-1", g));
  assert_false(dev_checkdigit_is_gtin("", g));
  assert_int_equal(dev_checkdigit_compute("629104150021", 12), '3');
}

static void
upce_expands_to_upca_by_its_last_data_digit(void **state)
{
  char a[13];
  assert_true(dev_checkdigit_upce_expand("04252614", a));
  assert_string_equal(a, "042100005264");
  assert_true(dev_checkdigit_upce_expand("01234505", a));
  assert_string_equal(a, "012000003455");
  assert_true(dev_checkdigit_upce_expand("01234531", a));
  assert_string_equal(a, "012300000451");
  assert_true(dev_checkdigit_upce_expand("01234547", a));
  assert_string_equal(a, "012340000057");
  assert_true(dev_checkdigit_upce_expand("01234558", a));
  assert_string_equal(a, "012345000058");
  assert_int_equal(dev_checkdigit_compute(a, 11), '8');
  assert_false(dev_checkdigit_upce_expand("21234558", a));
  assert_false(dev_checkdigit_upce_expand("0123455", a));
  assert_false(dev_checkdigit_upce_expand("0123455X", a));
}

int
main(int argc, char **argv)
{
  fixture_path = argc > 1 ? argv[1] : "checkdigit_cases.tsv";
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_fixture_case_passes),
      cmocka_unit_test(gtins_of_every_length_pad_to_14),
      cmocka_unit_test(upce_expands_to_upca_by_its_last_data_digit),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
