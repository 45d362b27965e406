/*
 * Pick routing (wms_route): the exact tour equals brute force on small
 * lists; on hundreds of random lists it is never longer than s_shape or
 * largest_gap; every method returns a permutation; hand-checked cases.
 */
#include "wms_route.h"
#include "wms_route_sim.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* A small deterministic generator, so failures reproduce. */
static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint32_t
rnd(uint32_t n)
{
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)(rng % n);
}

static struct wms_route_layout
random_layout(bool middle)
{
  struct wms_route_layout l = {0};
  l.n_aisles = 1 + (int32_t)rnd(12);
  l.aisle_spacing_cm = 200 + (int32_t)rnd(300);
  l.aisle_length_cm = 1000 + (int32_t)rnd(3000);
  l.back_cross = rnd(5) != 0;
  l.middle_cross = middle;
  l.depot_offset_cm = (int32_t)rnd(300);
  switch (rnd(3)) {
    case 0: /* on an aisle line */
      l.depot_x_cm = (int32_t)rnd((uint32_t)l.n_aisles) * l.aisle_spacing_cm;
      break;
    case 1: /* between two lines */
      l.depot_x_cm = (int32_t)rnd((uint32_t)(l.n_aisles * l.aisle_spacing_cm));
      break;
    default: /* outside the aisles */
      l.depot_x_cm = -100 - (int32_t)rnd(500);
      break;
  }
  return l;
}

static void
random_stops(const struct wms_route_layout *l, struct wms_route_stop *s,
             size_t n)
{
  for (size_t i = 0; i < n; i++) {
    s[i].aisle = (int32_t)rnd((uint32_t)l->n_aisles);
    /* Some on the cross-aisles themselves, most between. */
    uint32_t k = rnd(10);
    s[i].y_cm = k == 0   ? 0
                : k == 1 ? l->aisle_length_cm
                         : (int32_t)rnd((uint32_t)l->aisle_length_cm + 1);
  }
}

static bool
is_permutation(const size_t *order, size_t n)
{
  bool seen[512] = {false};
  for (size_t i = 0; i < n; i++) {
    if (order[i] >= n || seen[order[i]])
      return false;
    seen[order[i]] = true;
  }
  return true;
}

/* The shortest tour over all orders (Heap's algorithm), n <= 8. */
static int64_t
brute_force(const struct wms_route_layout *l, const struct wms_route_stop *s,
            size_t n)
{
  size_t p[8], c[8] = {0};
  for (size_t i = 0; i < n; i++)
    p[i] = i;
  int64_t best = wms_route_length(l, s, p, n);
  size_t i = 1;
  while (i < n) {
    if (c[i] < i) {
      size_t j = i % 2 == 0 ? 0 : c[i];
      size_t t = p[j];
      p[j] = p[i];
      p[i] = t;
      int64_t len = wms_route_length(l, s, p, n);
      if (len < best)
        best = len;
      c[i]++;
      i = 1;
    } else {
      c[i] = 0;
      i++;
    }
  }
  return best;
}

static void
optimal_equals_brute_force_on_small_lists(void **state)
{
  (void)state;
  for (int round = 0; round < 600; round++) {
    struct wms_route_layout l = random_layout(false);
    size_t n = 1 + rnd(7);
    struct wms_route_stop s[8];
    size_t order[8];
    random_stops(&l, s, n);
    int64_t opt = wms_route_plan(&l, WMS_ROUTE_OPTIMAL, s, n, order);
    assert_true(is_permutation(order, n));
    int64_t bf = brute_force(&l, s, n);
    if (opt != bf)
      fprintf(stderr, "round %d: n=%zu optimal %lld brute force %lld\n", round,
              n, (long long)opt, (long long)bf);
    assert_int_equal(opt, bf);
  }
}

static void
optimal_never_longer_than_the_heuristics(void **state)
{
  (void)state;
  enum { N_LISTS = 400, MAX_STOPS = 120 };
  struct wms_route_stop s[MAX_STOPS];
  size_t order[MAX_STOPS];
  int strictly_shorter = 0;
  for (int round = 0; round < N_LISTS; round++) {
    struct wms_route_layout l = random_layout(false);
    l.n_aisles = 1 + (int32_t)rnd(40);
    size_t n = 1 + rnd(MAX_STOPS);
    random_stops(&l, s, n);
    int64_t len[WMS_ROUTE_N_METHODS];
    for (int m = 0; m < WMS_ROUTE_N_METHODS; m++) {
      len[m] = wms_route_plan(&l, (enum wms_route_method)m, s, n, order);
      assert_true(is_permutation(order, n));
      assert_int_equal(len[m], wms_route_length(&l, s, order, n));
    }
    assert_true(len[WMS_ROUTE_OPTIMAL] <= len[WMS_ROUTE_S_SHAPE]);
    assert_true(len[WMS_ROUTE_OPTIMAL] <= len[WMS_ROUTE_LARGEST_GAP]);
    assert_true(len[WMS_ROUTE_OPTIMAL] <= len[WMS_ROUTE_SEQUENCE]);
    if (len[WMS_ROUTE_OPTIMAL] < len[WMS_ROUTE_S_SHAPE] &&
        len[WMS_ROUTE_OPTIMAL] < len[WMS_ROUTE_LARGEST_GAP])
      strictly_shorter++;
  }
  /* Not a tie everywhere: the exact tour does find shorter walks. */
  assert_true(strictly_shorter > N_LISTS / 10);
}

static void
two_blocks_heuristic_is_bounded_both_ways(void **state)
{
  (void)state;
  for (int round = 0; round < 300; round++) {
    struct wms_route_layout l = random_layout(true);
    size_t n = 1 + rnd(7);
    struct wms_route_stop s[8];
    size_t order[8];
    random_stops(&l, s, n);
    int64_t opt = wms_route_plan(&l, WMS_ROUTE_OPTIMAL, s, n, order);
    assert_true(is_permutation(order, n));
    assert_true(opt >= brute_force(&l, s, n));
    assert_true(opt <= wms_route_plan(&l, WMS_ROUTE_S_SHAPE, s, n, order));
    assert_true(opt <= wms_route_plan(&l, WMS_ROUTE_LARGEST_GAP, s, n, order));
  }
}

/* Three aisles 3 m apart, 10 m long, depot at aisle 0's front. */
static const struct wms_route_layout small = {3, 300, 1000, 0, 0, true, false};

static void
hand_checked_cases(void **state)
{
  (void)state;
  size_t order[4];
  /* One stop 4 m up aisle 0: 4 m there, 4 m back. */
  struct wms_route_stop one[] = {{0, 400}};
  assert_int_equal(wms_route_plan(&small, WMS_ROUTE_OPTIMAL, one, 1, order),
                   800);
  /* Deep in aisles 0 and 2: up aisle 0, across the back, down aisle 2
   * and back along the front: 10 + 6 + 10 + 6 = 32 m. */
  struct wms_route_stop two[] = {{2, 900}, {0, 900}};
  assert_int_equal(wms_route_plan(&small, WMS_ROUTE_OPTIMAL, two, 2, order),
                   3200);
  assert_int_equal(wms_route_plan(&small, WMS_ROUTE_S_SHAPE, two, 2, order),
                   3200);
  assert_int_equal(order[0], 1);
  /* Without a back cross-aisle both are return trips: 18 + 18 + 12. */
  struct wms_route_layout front = small;
  front.back_cross = false;
  assert_int_equal(wms_route_plan(&front, WMS_ROUTE_OPTIMAL, two, 2, order),
                   4800);
  /* The depot offset counts twice; an empty list walks nothing. */
  struct wms_route_layout off = small;
  off.depot_offset_cm = 250;
  assert_int_equal(wms_route_plan(&off, WMS_ROUTE_OPTIMAL, one, 1, order),
                   1300);
  assert_int_equal(wms_route_plan(&off, WMS_ROUTE_OPTIMAL, one, 0, order), 0);
}

static void
method_names_round_trip(void **state)
{
  (void)state;
  for (int m = 0; m < WMS_ROUTE_N_METHODS; m++) {
    enum wms_route_method back;
    assert_true(wms_route_method_parse(
        wms_route_method_name((enum wms_route_method)m), &back));
    assert_int_equal(back, m);
  }
  enum wms_route_method x;
  assert_false(wms_route_method_parse("zigzag", &x));
  assert_false(wms_route_method_parse(NULL, &x));
  assert_null(wms_route_method_name(WMS_ROUTE_N_METHODS));
}

/* The bench's pick-path tier on fewer lists: the same code path. */
static void
bench_simulation_is_deterministic_and_slotting_shortens_walks(void **state)
{
  (void)state;
  struct wms_route_sim_cfg cfg = {200, 5, 25, 150, 20261206u};
  struct wms_route_sim_result a, b;
  assert_true(wms_route_sim_run(&cfg, &a));
  assert_true(wms_route_sim_run(&cfg, &b));
  assert_memory_equal(&a, &b, sizeof a);
  assert_int_equal(a.optimal_worse, 0);
  for (int m = 0; m < WMS_ROUTE_N_METHODS; m++) {
    assert_true(a.metres[WMS_ROUTE_OPTIMAL] <= a.metres[m]);
    assert_true(a.metres_slotted[m] < a.metres[m]);
    fprintf(stderr, "%-12s %10.1f m, slotted %10.1f m\n",
            wms_route_method_name((enum wms_route_method)m), a.metres[m],
            a.metres_slotted[m]);
  }
  /* The bin-code order (Odoo's) visits the same stops: never shorter. */
  assert_true(a.metres[WMS_ROUTE_OPTIMAL] <= a.metres_by_name);
  assert_true(a.metres_slotted[WMS_ROUTE_OPTIMAL] <= a.metres_by_name_slotted);
  fprintf(stderr, "%-12s %10.1f m, slotted %10.1f m\n", "by bin code",
          a.metres_by_name, a.metres_by_name_slotted);
  assert_true(a.stops >= 200 * 5 && a.stops <= 200 * 25);
  struct wms_route_sim_cfg bad = cfg;
  bad.max_stops = 61;
  assert_false(wms_route_sim_run(&bad, &a));
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(optimal_equals_brute_force_on_small_lists),
      cmocka_unit_test(optimal_never_longer_than_the_heuristics),
      cmocka_unit_test(two_blocks_heuristic_is_bounded_both_ways),
      cmocka_unit_test(hand_checked_cases),
      cmocka_unit_test(method_names_round_trip),
      cmocka_unit_test(
          bench_simulation_is_deterministic_and_slotting_shortens_walks),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
