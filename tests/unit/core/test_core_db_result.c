/*
 * Typed result specs: columns are found by name whatever their order,
 * values are typed, and a missing column, a wrong type, an unexpected NULL
 * or a malformed number is refused. Results are built with libpq's own
 * PQmakeEmptyPGresult/PQsetvalue, so no server is needed.
 */
#include "core_arena.h"
#include "core_db_result.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

/* A one-row result with columns (ok bool, qty int8, doc text, n int4). */
static PGresult *
sample(const char *ok, const char *qty, const char *doc, const char *n)
{
  PGresAttDesc att[] = {
      {"ok", 0, 0, 0, 16, 1, -1},
      {"qty", 0, 0, 0, 20, 8, -1},
      {"doc", 0, 0, 0, 25, -1, -1},
      {"n", 0, 0, 0, 23, 4, -1},
  };
  PGresult *r = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
  assert_int_equal(PQsetResultAttrs(r, 4, att), 1);
  const char *v[] = {ok, qty, doc, n};
  for (int i = 0; i < 4; i++)
    assert_int_equal(PQsetvalue(r, 0, i, (char *)v[i],
                                v[i] == NULL ? -1 : (int)strlen(v[i])),
                     1);
  return r;
}

static void
reads_by_name_and_type(void **state)
{
  struct core_arena *a = core_arena_new();
  PGresult *r = sample("t", "-9007199254740993", "{\"a\":1}", "42");
  bool ok = false;
  int64_t qty = 0;
  const char *doc = NULL;
  int n = 0;
  struct core_db_rspec rs[] = {
      CORE_DB_RS_INT("n", &n),
      CORE_DB_RS_TEXT("doc", &doc),
      CORE_DB_RS_BOOL("ok", &ok),
      CORE_DB_RS_INT64("qty", &qty),
      CORE_DB_RS_END,
  };
  assert_true(core_db_result_row(r, 0, rs, a, "sample"));
  assert_true(ok);
  assert_true(qty == INT64_C(-9007199254740993));
  assert_string_equal(doc, "{\"a\":1}");
  assert_int_equal(n, 42);
  PQclear(r);
  core_arena_free(a);
}

static void
refuses_drift(void **state)
{
  struct core_arena *a = core_arena_new();
  PGresult *r = sample("f", "7", NULL, "x");
  bool ok = true;
  const char *doc = "unset";
  int64_t qty = 0;
  int n = 0;
  struct core_db_rspec missing[] = {CORE_DB_RS_BOOL("gone", &ok),
                                    CORE_DB_RS_END};
  assert_false(core_db_result_row(r, 0, missing, a, "sample"));
  struct core_db_rspec wrong_type[] = {CORE_DB_RS_BOOL("qty", &ok),
                                       CORE_DB_RS_END};
  assert_false(core_db_result_row(r, 0, wrong_type, a, "sample"));
  struct core_db_rspec text_for_int[] = {CORE_DB_RS_INT64("doc", &qty),
                                         CORE_DB_RS_END};
  assert_false(core_db_result_row(r, 0, text_for_int, a, "sample"));
  struct core_db_rspec null_doc[] = {CORE_DB_RS_TEXT("doc", &doc),
                                     CORE_DB_RS_END};
  assert_false(core_db_result_row(r, 0, null_doc, a, "sample"));
  struct core_db_rspec bad_number[] = {CORE_DB_RS_INT("n", &n), CORE_DB_RS_END};
  assert_false(core_db_result_row(r, 0, bad_number, a, "sample"));
  struct core_db_rspec no_row[] = {CORE_DB_RS_BOOL("ok", &ok), CORE_DB_RS_END};
  assert_false(core_db_result_row(r, 1, no_row, a, "sample"));
  bool qty_null = true;
  struct core_db_rspec fine[] = {
      CORE_DB_RS_BOOL("ok", &ok), CORE_DB_RS_TEXT_NULL("doc", &doc),
      CORE_DB_RS_INT64_NULL("qty", &qty, &qty_null), CORE_DB_RS_END};
  assert_true(core_db_result_row(r, 0, fine, a, "sample"));
  assert_false(ok);
  assert_null(doc);
  assert_true(qty == 7);
  assert_false(qty_null);
  PQclear(r);
  core_arena_free(a);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(reads_by_name_and_type),
      cmocka_unit_test(refuses_drift),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
