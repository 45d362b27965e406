/* Typed JSON input specs: each type's parser and the field it blames. */
#include "core_arena.h"
#include "core_json.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

static const char *const colours[] = {"red", "green", NULL};

struct target {
  const char *name;
  const char *code;
  int64_t qty;
  bool flag;
  int colour;
  bool has_flag;
};

static enum core_ec
parse(const char *text, struct target *t, struct core_json_error *err)
{
  json_t *j = json_loads(text, 0, NULL);
  assert_non_null(j);
  struct core_arena *a = core_arena_new();
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("name", &t->name, 10)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("code", &t->code, 8)),
      CORE_JSON_REQ(CORE_JSON_K_INT("qty", &t->qty, 1, 1000)),
      CORE_JSON_OPT(&t->has_flag, CORE_JSON_K_BOOL("flag", &t->flag)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CHOICE("colour", &t->colour, colours)),
      CORE_JSON_END,
  };
  enum core_ec ec = core_json_parse(j, spec, true, NULL, a, err);
  /* Keep strings readable after the arena is gone for the asserts. */
  if (ec == CORE_EC_OK) {
    static char name[32], code[32];
    snprintf(name, sizeof name, "%s", t->name);
    t->name = name;
    if (t->code != NULL) {
      snprintf(code, sizeof code, "%s", t->code);
      t->code = code;
    }
  }
  core_arena_free(a);
  json_decref(j);
  return ec;
}

static void
accepts_a_valid_object(void **state)
{
  struct target t = {0};
  struct core_json_error err;
  assert_int_equal(parse("{\"name\":\"tea\",\"code\":\"a-03.b_1\",\"qty\":12,"
                         "\"flag\":true,\"colour\":\"green\"}",
                         &t, &err),
                   CORE_EC_OK);
  assert_string_equal(t.name, "tea");
  assert_string_equal(t.code, "A-03.B_1");
  assert_int_equal(t.qty, 12);
  assert_true(t.flag);
  assert_true(t.has_flag);
  assert_int_equal(t.colour, 1);
}

static void
integral_real_counts_as_integer(void **state)
{
  struct target t = {0};
  struct core_json_error err;
  assert_int_equal(parse("{\"name\":\"x\",\"qty\":3.0}", &t, &err), CORE_EC_OK);
  assert_int_equal(t.qty, 3);
  assert_false(t.has_flag);
}

static void
each_failure_names_its_field(void **state)
{
  const struct {
    const char *text;
    enum core_ec ec;
    const char *field;
  } cases[] = {
      {"{\"qty\":1}", CORE_EC_MISSING_FIELD, "name"},
      {"{\"name\":null,\"qty\":1}", CORE_EC_MISSING_FIELD, "name"},
      {"{\"name\":1,\"qty\":1}", CORE_EC_WRONG_TYPE, "name"},
      {"{\"name\":\"\",\"qty\":1}", CORE_EC_INVALID_VALUE, "name"},
      {"{\"name\":\"01234567890\",\"qty\":1}", CORE_EC_INVALID_VALUE, "name"},
      {"{\"name\":\"x\",\"qty\":0}", CORE_EC_OUT_OF_RANGE, "qty"},
      {"{\"name\":\"x\",\"qty\":-5}", CORE_EC_OUT_OF_RANGE, "qty"},
      {"{\"name\":\"x\",\"qty\":1001}", CORE_EC_OUT_OF_RANGE, "qty"},
      {"{\"name\":\"x\",\"qty\":2.5}", CORE_EC_WRONG_TYPE, "qty"},
      {"{\"name\":\"x\",\"qty\":1e300}", CORE_EC_OUT_OF_RANGE, "qty"},
      {"{\"name\":\"x\",\"qty\":\"5\"}", CORE_EC_WRONG_TYPE, "qty"},
      {"{\"name\":\"x\",\"qty\":9007199254740993}", CORE_EC_OUT_OF_RANGE,
       "qty"},
      {"{\"name\":\"x\",\"qty\":1,\"flag\":1}", CORE_EC_WRONG_TYPE, "flag"},
      {"{\"name\":\"x\",\"qty\":1,\"colour\":\"blue\"}", CORE_EC_INVALID_VALUE,
       "colour"},
      {"{\"name\":\"x\",\"qty\":1,\"code\":\"a b\"}", CORE_EC_INVALID_VALUE,
       "code"},
      {"{\"name\":\"x\",\"qty\":1,\"code\":\"\xe4\xb8\xad\"}",
       CORE_EC_INVALID_VALUE, "code"},
      {"{\"name\":\"x\",\"qty\":1,\"extra\":1}", CORE_EC_UNKNOWN_FIELD,
       "extra"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct target t = {0};
    struct core_json_error err;
    enum core_ec ec = parse(cases[i].text, &t, &err);
    if (ec != cases[i].ec)
      fprintf(stderr, "case %zu: %s got %d\n", i, cases[i].text, ec);
    assert_int_equal(ec, cases[i].ec);
    assert_int_equal(err.ec, cases[i].ec);
    assert_string_equal(err.field, cases[i].field);
    assert_true(err.message[0] != '\0');
  }
}

static void
nested_fields_carry_the_prefix(void **state)
{
  json_t *j = json_loads("{\"city\":5}", 0, NULL);
  const char *city = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("city", &city, 10)),
      CORE_JSON_END,
  };
  struct core_json_error err;
  struct core_arena *a = core_arena_new();
  assert_int_equal(core_json_parse(j, spec, true, "address", a, &err),
                   CORE_EC_WRONG_TYPE);
  assert_string_equal(err.field, "address.city");
  core_arena_free(a);
  json_decref(j);
}

static void
a_non_object_is_refused(void **state)
{
  json_t *j = json_loads("[1]", 0, NULL);
  struct core_json_spec spec[] = {CORE_JSON_END};
  struct core_json_error err;
  struct core_arena *a = core_arena_new();
  assert_int_equal(core_json_parse(j, spec, true, NULL, a, &err),
                   CORE_EC_NOT_AN_OBJECT);
  core_arena_free(a);
  json_decref(j);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(accepts_a_valid_object),
      cmocka_unit_test(integral_real_counts_as_integer),
      cmocka_unit_test(each_failure_names_its_field),
      cmocka_unit_test(nested_fields_carry_the_prefix),
      cmocka_unit_test(a_non_object_is_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
