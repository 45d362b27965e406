/*
 * The error registry: numbers unique and in range, wire names snake_case
 * and unique, statuses real HTTP error statuses.
 */
#include "core_ec.h"

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

struct row {
  int num;
  const char *name;
  unsigned status;
};

static const struct row rows[] = {
#define CORE_EC(NAME, wire, num, status, hint) {num, #wire, status},
#include "core_ec.def"
#undef CORE_EC
};

enum { NROWS = sizeof rows / sizeof rows[0] };

static void
numbers_and_names_are_unique(void **state)
{
  for (size_t i = 0; i < NROWS; i++) {
    for (size_t k = i + 1; k < NROWS; k++) {
      assert_int_not_equal(rows[i].num, rows[k].num);
      assert_string_not_equal(rows[i].name, rows[k].name);
    }
  }
}

static void
names_are_snake_case_and_statuses_sane(void **state)
{
  for (size_t i = 0; i < NROWS; i++) {
    for (const char *p = rows[i].name; *p != '\0'; p++)
      assert_true(islower((unsigned char)*p) || isdigit((unsigned char)*p) ||
                  *p == '_');
    if (rows[i].num == 0)
      continue;
    assert_true(rows[i].num >= 1000 && rows[i].num < 5000);
    assert_true(rows[i].status >= 400 && rows[i].status < 600);
    assert_string_equal(core_ec_name((enum core_ec)rows[i].num), rows[i].name);
    assert_int_equal(core_ec_status((enum core_ec)rows[i].num), rows[i].status);
  }
}

static void
unknown_numbers_map_to_internal_error(void **state)
{
  assert_string_equal(core_ec_name((enum core_ec)4999), "internal_error");
  assert_int_equal(core_ec_status((enum core_ec)4999), 500);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(numbers_and_names_are_unique),
      cmocka_unit_test(names_are_snake_case_and_statuses_sane),
      cmocka_unit_test(unknown_numbers_map_to_internal_error),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
