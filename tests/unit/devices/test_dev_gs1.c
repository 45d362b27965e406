/*
 * GS1 parsing: every case of the shared gs1_cases.tsv (path in argv[1])
 * through the library and its JSON rendering, plus the rules the
 * fixture cases only sample.
 */
#include "dev_gs1.h"
#include "dev_gs1_json.h"
#include "fixture_tsv.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static const char *fixture_path;
static struct dev_gs1_result res;
static struct dev_gs1_error err;

static enum dev_gs1_ec
parse_year(const char *s, int year)
{
  struct dev_gs1_options o = {.ref_year = year, .associations = true};
  return dev_gs1_parse(s, strlen(s), &o, &res, &err);
}

static enum dev_gs1_ec
parse(const char *s)
{
  return parse_year(s, 2026);
}

static void
every_fixture_case_passes(void **state)
{
  FILE *f = fopen(fixture_path, "r");
  assert_non_null(f);
  char line[4096], input[4096], why[256];
  int cases = 0, failed = 0;
  assert_non_null(fgets(line, sizeof line, f));
  while (fgets(line, sizeof line, f) != NULL) {
    char *cols[5];
    if (fixture_split(line, cols, 5) < 4)
      continue;
    size_t n = fixture_unescape(cols[2], input, sizeof input);
    enum dev_gs1_ec ec = dev_gs1_parse(input, n, NULL, &res, &err);
    json_t *got =
        ec == DEV_GS1_OK ? dev_gs1_json_result(&res) : dev_gs1_json_error(&err);
    if (!fixture_gs1_matches(got, cols[3], why, sizeof why)) {
      print_message("%s (%s): %s\n", cols[0], cols[1], why);
      failed++;
    }
    json_decref(got);
    cases++;
  }
  fclose(f);
  print_message("gs1_cases: %d/%d pass\n", cases - failed, cases);
  assert_int_equal(failed, 0);
  assert_true(cases >= 20);
}

static void
two_digit_years_resolve_within_fifty_years(void **state)
{
  assert_int_equal(dev_gs1_century(26, 2026), 2026);
  assert_int_equal(dev_gs1_century(75, 2026), 2075);
  assert_int_equal(dev_gs1_century(76, 2026), 1976);
  assert_int_equal(dev_gs1_century(0, 2026), 2000);
  assert_int_equal(dev_gs1_century(10, 2080), 2110);
  assert_int_equal(dev_gs1_century(99, 2049), 1999);
  assert_int_equal(parse_year("]C1010703123456701717171231", 1990), DEV_GS1_OK);
  assert_string_equal(res.el[1].date, "2017-12-31");
  assert_int_equal(parse_year("]C1010703123456701717171231", 2070), DEV_GS1_OK);
  assert_string_equal(res.el[1].date, "2117-12-31");
}

static void
day_zero_means_the_last_day_on_yymmd0_dates(void **state)
{
  assert_int_equal(parse("0107031234567017152802001728020016290200"),
                   DEV_GS1_OK);
  assert_string_equal(res.el[1].date, "2028-02-29");
  assert_string_equal(res.el[2].date, "2028-02-29");
  assert_string_equal(res.el[3].date, "2029-02-28");
  /* 11, 12, 13 allow DD=00 too (yymmd0 in the Syntax Dictionary). */
  assert_int_equal(parse("010703123456701711260400"), DEV_GS1_OK);
  assert_string_equal(res.el[1].date, "2026-04-30");
  assert_int_equal(parse("01070312345670177006260400"), DEV_GS1_BAD_DATE);
  assert_int_equal(parse("010703123456701717261300"), DEV_GS1_BAD_DATE);
  assert_int_equal(parse("010703123456701717270229"), DEV_GS1_BAD_DATE);
  assert_int_equal(parse("010703123456701717280229"), DEV_GS1_OK);
}

static void
implied_decimals_render_without_leading_zeros(void **state)
{
  assert_int_equal(parse("]C1010703123456701731030012503202000005"
                         "3922299"),
                   DEV_GS1_OK);
  assert_string_equal(res.el[1].decimal, "1.250");
  assert_string_equal(res.el[2].decimal, "0.05");
  assert_string_equal(res.el[3].decimal, "2.99");
  assert_int_equal(parse("0107031234567017310000012339250"), DEV_GS1_OK);
  assert_string_equal(res.el[1].decimal, "123");
  assert_string_equal(res.el[2].decimal, "0.00000");
  assert_int_equal(parse("01070312345670173939978123456\x1d"),
                   DEV_GS1_TRAILING_SEPARATOR);
  assert_int_equal(parse("01070312345670173939978123456"), DEV_GS1_OK);
  assert_string_equal(res.el[1].value, "978123456");
  assert_string_equal(res.el[1].decimal, "0.000123456");
  assert_int_equal(parse("0107031234567017310612345"), DEV_GS1_UNKNOWN_AI);
}

static void
separators_and_lengths_are_enforced(void **state)
{
  /* A GS after a predefined-length field is harmless. */
  assert_int_equal(parse("]C10107031234567017\x1d"
                         "10AB"),
                   DEV_GS1_OK);
  assert_int_equal(res.n, 2);
  assert_int_equal(parse("]C1"), DEV_GS1_EMPTY);
  assert_int_equal(parse("\x1d"), DEV_GS1_EMPTY);
  assert_int_equal(parse("]C1010703123456701710\x1d"
                         "21A"),
                   DEV_GS1_EMPTY_VALUE);
  assert_int_equal(parse("]C1010703123456701710AB\x1d"),
                   DEV_GS1_TRAILING_SEPARATOR);
  assert_int_equal(parse("]C1010703123456"), DEV_GS1_TRUNCATED);
  assert_int_equal(parse("]C1010703123456701717"), DEV_GS1_TRUNCATED);
  assert_int_equal(parse("]C1010703123456701710"), DEV_GS1_EMPTY_VALUE);
  assert_int_equal(parse("]C1010703123456701742212310AB"),
                   DEV_GS1_MISSING_SEPARATOR);
  assert_int_equal(parse("]C10107031234567017422\x1d"
                         "10AB"),
                   DEV_GS1_EMPTY_VALUE);
  assert_int_equal(parse("]C1010703123456701742212\x1d"
                         "10AB"),
                   DEV_GS1_BAD_LENGTH);
  assert_int_equal(parse("]C10107031234567017703"), DEV_GS1_TRUNCATED);
  assert_int_equal(parse("]C100123456789012345675\x1d"
                         "7003261231250"),
                   DEV_GS1_BAD_LENGTH);
  assert_int_equal(parse("]C101070312345670177003261231256"),
                   DEV_GS1_BAD_LENGTH);
  assert_int_equal(parse("]C1010703123456701770032612312460"),
                   DEV_GS1_BAD_DATE);
}

static void
character_sets_are_checked(void **state)
{
  assert_int_equal(parse("]C1010703123456701710a!%&'()*+,-./:;<=>?_"),
                   DEV_GS1_OK);
  assert_int_equal(parse("]C1010703123456701710A#B"), DEV_GS1_BAD_CHARSET);
  assert_int_equal(parse("]C10107031234567A17"), DEV_GS1_BAD_CHARSET);
  assert_int_equal(parse("]C1010703123456701710\xc3\xb6"), DEV_GS1_BAD_CHARSET);
  assert_int_equal(parse("]C1801012AB-#/"), DEV_GS1_OK);
  assert_int_equal(parse("]C1801012ab"), DEV_GS1_BAD_CHARSET);
  assert_int_equal(parse("]C1414952123456789925412-A"), DEV_GS1_OK);
  assert_int_equal(parse("]C14149521234567899"), DEV_GS1_OK);
  assert_int_equal(parse("]C14149521234567898"), DEV_GS1_BAD_CHECK_DIGIT);
}

static void
aim_ids_select_the_syntax(void **state)
{
  assert_int_equal(parse("]C0ABC"), DEV_GS1_NOT_GS1);
  assert_int_equal(parse("]Q1ABC"), DEV_GS1_NOT_GS1);
  assert_int_equal(parse("]Q1https://example.com/01/07031234567017"),
                   DEV_GS1_OK);
  assert_string_equal(res.symbology, "]Q1");
  assert_int_equal(parse("]e00107031234567017"), DEV_GS1_OK);
  assert_int_equal(parse("]J10107031234567017"), DEV_GS1_OK);
  assert_int_equal(parse("]E440123455"), DEV_GS1_OK);
  assert_string_equal(res.el[0].value, "00000040123455");
  assert_int_equal(parse("]E0012345678905"), DEV_GS1_OK);
  assert_string_equal(res.el[0].value, "00012345678905");
  /* UPC-E 04252614 is UPC-A 042100005264 */
  assert_int_equal(parse("]E004252614"), DEV_GS1_OK);
  assert_string_equal(res.el[0].value, "00042100005264");
  /* An EAN-8 behind ]E0 is not a valid UPC-E: read as EAN-8. */
  assert_int_equal(parse("]E040123455"), DEV_GS1_OK);
  assert_string_equal(res.el[0].value, "00000040123455");
  assert_int_equal(parse("]E004252615"), DEV_GS1_BAD_CHECK_DIGIT);
  assert_int_equal(parse("]E07031234567018"), DEV_GS1_BAD_CHECK_DIGIT);
  assert_int_equal(parse("]E070312345670"), DEV_GS1_BAD_LENGTH);
  assert_int_equal(parse("]E3703123456701712"), DEV_GS1_OK);
  assert_int_equal(parse("]E0"), DEV_GS1_EMPTY);
  assert_int_equal(parse("]"), DEV_GS1_NOT_GS1);
}

static void
bracketed_form_checks_like_element_strings(void **state)
{
  assert_int_equal(parse("(01)07031234567017(10)A\\(1)(21)X"), DEV_GS1_OK);
  assert_string_equal(res.el[1].value, "A(1)");
  assert_int_equal(parse("(01)0703123456701(10)A"), DEV_GS1_BAD_LENGTH);
  assert_int_equal(parse("(01)07031234567017(19)A"), DEV_GS1_UNKNOWN_AI);
  assert_int_equal(parse("(01)07031234567017(10)"), DEV_GS1_EMPTY_VALUE);
  assert_int_equal(parse("(01)07031234567017(10"), DEV_GS1_UNKNOWN_AI);
  assert_int_equal(parse("(01)07031234567017(3103)001250"), DEV_GS1_OK);
  assert_string_equal(res.el[1].decimal, "1.250");
}

static void
digital_link_keys_qualifiers_and_attributes(void **state)
{
  assert_int_equal(
      parse("https://example.com/shop/01/07031234567017/22/V1/10/L%201?"
            "linkType=gs1:pip&3103=000500&17=281200#frag"),
      DEV_GS1_BAD_CHARSET); /* the lot holds a space */
  assert_int_equal(
      parse("HTTPS://example.com/shop/01/07031234567017/22/V1/10/L%2D1?"
            "linkType=gs1:pip&3103=000500&17=281200#frag"),
      DEV_GS1_OK);
  assert_int_equal(res.n, 5);
  assert_string_equal(res.el[2].value, "L-1");
  assert_string_equal(res.el[3].ai, "3103");
  assert_string_equal(res.el[4].date, "2028-12-31");
  assert_int_equal(parse("https://id.gs1.org/00/009501101530000038"),
                   DEV_GS1_OK);
  assert_int_equal(parse("https://id.gs1.org/414/9521234567899/254/1"),
                   DEV_GS1_OK);
  /* A stem that looks like a key: the key is where the pairs fit. */
  assert_int_equal(
      parse("https://example.com/01/x/01/07031234567017/10/L1/21/S1"),
      DEV_GS1_OK);
  assert_int_equal(res.n, 3);
  assert_string_equal(res.el[0].value, "07031234567017");
  assert_int_equal(parse("https://id.gs1.org/10/ABC"), DEV_GS1_DL_INVALID);
  assert_int_equal(parse("https://id.gs1.org/01"), DEV_GS1_DL_INVALID);
  assert_int_equal(parse("https:///01/07031234567017"), DEV_GS1_DL_INVALID);
  assert_int_equal(parse("https://id.gs1.org/01/07031234567017/10/A%G1"),
                   DEV_GS1_DL_INVALID);
  assert_int_equal(parse("https://id.gs1.org/01/07031234567017/10/A%4"),
                   DEV_GS1_DL_INVALID);
  assert_int_equal(parse("https://id.gs1.org/01/07031234567017/10/A/10/B"),
                   DEV_GS1_DL_INVALID);
  assert_int_equal(parse("https://id.gs1.org/01/07031234567017?99=A&19=1"),
                   DEV_GS1_UNKNOWN_AI);
  assert_int_equal(parse("https://id.gs1.org/01/07031234567017?17=261301"),
                   DEV_GS1_BAD_DATE);
}

static void
association_rules_reject_bad_pairs(void **state)
{
  assert_int_equal(parse("]C11012AB"), DEV_GS1_INVALID_PAIRING);
  assert_int_equal(parse("]C10107031234567017020501234567890037"
                         "6"),
                   DEV_GS1_INVALID_PAIRING);
  assert_int_equal(parse("]C1020501234567890010A"), DEV_GS1_INVALID_PAIRING);
  /* A pallet's gross weight with only its SSCC is fine. */
  assert_int_equal(parse("]C1000095011015300000383302001234"), DEV_GS1_OK);
  assert_int_equal(parse("]C13302001234"), DEV_GS1_INVALID_PAIRING);
  assert_int_equal(parse("]C1010703123456701710A\x1d"
                         "10B"),
                   DEV_GS1_DUPLICATE_AI);
  assert_int_equal(parse("]C1010703123456701710A\x1d"
                         "10A"),
                   DEV_GS1_OK);
  assert_int_equal(parse("]C10107031234567017250X"), DEV_GS1_INVALID_PAIRING);
  assert_int_equal(parse("]C1010703123456701721S\x1d"
                         "250X"),
                   DEV_GS1_OK);
  assert_int_equal(parse("]C101070312345670173103001250"
                         "3102000125"),
                   DEV_GS1_INVALID_PAIRING);
  struct dev_gs1_options lax = {.ref_year = 2026, .associations = false};
  assert_int_equal(dev_gs1_parse("]C11012AB", 9, &lax, &res, &err), DEV_GS1_OK);
}

static void
oversized_input_is_refused(void **state)
{
  static char big[DEV_GS1_MAX_INPUT + 2];
  memset(big, '9', sizeof big);
  assert_int_equal(dev_gs1_parse(big, sizeof big, NULL, &res, &err),
                   DEV_GS1_BAD_LENGTH);
  /* 64 AIs fit, the 65th does not. */
  char many[2048] = "]C10107031234567017";
  for (int i = 0; i < 64; i++)
    strcat(many, "91X\x1d");
  assert_int_equal(parse(many), DEV_GS1_BAD_LENGTH);
  json_t *j = dev_gs1_json_error(&err);
  assert_string_equal(
      json_string_value(json_object_get(json_object_get(j, "error"), "code")),
      "bad_length");
  json_decref(j);
}

int
main(int argc, char **argv)
{
  fixture_path = argc > 1 ? argv[1] : "gs1_cases.tsv";
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_fixture_case_passes),
      cmocka_unit_test(two_digit_years_resolve_within_fifty_years),
      cmocka_unit_test(day_zero_means_the_last_day_on_yymmd0_dates),
      cmocka_unit_test(implied_decimals_render_without_leading_zeros),
      cmocka_unit_test(separators_and_lengths_are_enforced),
      cmocka_unit_test(character_sets_are_checked),
      cmocka_unit_test(aim_ids_select_the_syntax),
      cmocka_unit_test(bracketed_form_checks_like_element_strings),
      cmocka_unit_test(digital_link_keys_qualifiers_and_attributes),
      cmocka_unit_test(association_rules_reject_bad_pairs),
      cmocka_unit_test(oversized_input_is_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
