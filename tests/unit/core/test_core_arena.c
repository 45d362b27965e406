/* The request arena: aligned zeroed memory, big blocks, cleanups in order. */
#include "core_arena.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static int order[4];
static int norder;

static void
note(void *p)
{
  order[norder++] = *(int *)p;
}

static void
allocations_are_aligned_and_zeroed(void **state)
{
  struct core_arena *a = core_arena_new();
  for (int i = 1; i < 100; i++) {
    unsigned char *p = core_arena_alloc(a, (size_t)i * 37);
    assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
    for (int k = 0; k < i * 37; k++)
      assert_int_equal(p[k], 0);
    memset(p, 0xab, (size_t)i * 37);
  }
  char *big = core_arena_alloc(a, 1 << 20);
  big[(1 << 20) - 1] = 'x';
  assert_string_equal(core_arena_printf(a, "%s-%d", "A", 3), "A-3");
  assert_string_equal(core_arena_strndup(a, "abcdef", 3), "abc");
  core_arena_free(a);
}

static void
cleanups_run_last_registered_first(void **state)
{
  struct core_arena *a = core_arena_new();
  int *one = core_arena_alloc(a, sizeof *one);
  int *two = core_arena_alloc(a, sizeof *two);
  *one = 1;
  *two = 2;
  norder = 0;
  core_arena_defer(a, note, one);
  core_arena_defer(a, note, two);
  core_arena_free(a);
  assert_int_equal(norder, 2);
  assert_int_equal(order[0], 2);
  assert_int_equal(order[1], 1);
  core_arena_free(NULL);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(allocations_are_aligned_and_zeroed),
      cmocka_unit_test(cleanups_run_last_registered_first),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
