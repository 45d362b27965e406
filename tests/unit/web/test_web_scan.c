/*
 * The scan field kind: a scanned code and what its GS1 data carries, read
 * once at the edge (web/web_scan.c), whatever handler takes it.
 */
#include "core_arena.h"
#include "dev_gs1.h"
#include "web_scan.h"

#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

/* Parses {"code": @a value} with a scan field of at most @a max bytes. */
static enum core_ec
parse(const char *body, int64_t max, struct core_arena *a, struct web_scan *out,
      struct core_json_error *err)
{
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(WEB_SCAN_FIELD("code", out, max)),
      CORE_JSON_END,
  };
  json_t *o = json_loads(body, 0, NULL);
  enum core_ec ec = core_json_parse(o, spec, true, NULL, a, err);
  json_decref(o);
  return ec;
}

static void
gs1_hri_yields_gtin_lot_expiry_serial(void **state)
{
  struct core_arena *a = core_arena_new();
  struct web_scan s;
  struct core_json_error err;
  assert_int_equal(
      parse("{\"code\":\"(01)09506000134352(17)270331(10)ABC(21)S-1\"}", 512, a,
            &s, &err),
      CORE_EC_OK);
  assert_true(s.looks_gs1);
  assert_true(s.gs1);
  assert_string_equal(s.code, "(01)09506000134352(17)270331(10)ABC(21)S-1");
  assert_string_equal(s.gtin, "09506000134352");
  assert_string_equal(s.lot, "ABC");
  assert_string_equal(s.expiry, "2027-03-31");
  assert_string_equal(s.serial, "S-1");
  assert_null(s.sscc);
  core_arena_free(a);
}

static void
element_string_with_aim_id_yields_the_sscc(void **state)
{
  struct core_arena *a = core_arena_new();
  struct web_scan s;
  web_scan_read("]C100106141412345678908", a, &s);
  assert_true(s.gs1);
  assert_string_equal(s.sscc, "106141412345678908");
  assert_null(s.gtin);
  core_arena_free(a);
}

static void
plain_codes_and_bad_gs1_read_as_they_are(void **state)
{
  struct core_arena *a = core_arena_new();
  struct web_scan s;
  web_scan_read("BIN-A-01", a, &s);
  assert_false(s.looks_gs1);
  assert_false(s.gs1);
  assert_string_equal(s.code, "BIN-A-01");
  assert_null(s.gtin);
  /* Shaped like GS1 but not valid: the handler decides what that means. */
  web_scan_read("(01)09506000134353", a, &s);
  assert_true(s.looks_gs1);
  assert_false(s.gs1);
  assert_null(s.gtin);
  core_arena_free(a);
}

static void
the_field_is_a_bounded_string(void **state)
{
  struct core_arena *a = core_arena_new();
  struct web_scan s;
  struct core_json_error err;
  assert_int_equal(parse("{\"code\":42}", 512, a, &s, &err),
                   CORE_EC_WRONG_TYPE);
  assert_string_equal(err.field, "code");
  assert_int_equal(parse("{\"code\":\"12345678901\"}", 10, a, &s, &err),
                   CORE_EC_INVALID_VALUE);
  assert_string_equal(err.field, "code");
  assert_int_equal(parse("{\"code\":\"\"}", 10, a, &s, &err),
                   CORE_EC_INVALID_VALUE);
  core_arena_free(a);
}

/* The shared GS1 result: NULL with the reason for data that is not GS1. */
static void
gs1_result_or_the_reason(void **state)
{
  struct dev_gs1_error e;
  struct dev_gs1_result *r = web_scan_gs1_new("(01)123", 7, &e);
  assert_null(r);
  assert_true(e.message[0] != '\0');
  r = web_scan_gs1_new("(01)09506000134352", 18, &e);
  assert_non_null(r);
  web_scan_gs1_free(r);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(gs1_hri_yields_gtin_lot_expiry_serial),
      cmocka_unit_test(element_string_with_aim_id_yields_the_sscc),
      cmocka_unit_test(plain_codes_and_bad_gs1_read_as_they_are),
      cmocka_unit_test(the_field_is_a_bounded_string),
      cmocka_unit_test(gs1_result_or_the_reason),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
