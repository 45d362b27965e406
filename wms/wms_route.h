#ifndef WMS_ROUTE_H
#define WMS_ROUTE_H
/*
 * Pick routing in one block of parallel aisles (issue 24): the order in
 * which a picker visits a list's stops and the metres walked, for four
 * methods. Pure functions: no DB, no I/O; lengths are whole centimetres so
 * that comparisons between methods are exact.
 *
 * The model is the textbook one (Ratliff & Rosenthal 1983; Roodbergen &
 * de Koster 2001): aisles are vertical lines spaced evenly, picked from
 * the centre line; a front cross-aisle (y = 0) and optionally a back one
 * (y = aisle length) and a middle one join them; the depot (packing) sits
 * on the front cross-aisle at depot_x, depot_offset in front of it. A
 * picker leaves the depot, visits every stop and comes back.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum wms_route_method {
  WMS_ROUTE_SEQUENCE = 0, /* the stops as given (bin pick sequence) */
  WMS_ROUTE_S_SHAPE,      /* traverse every aisle with picks */
  WMS_ROUTE_LARGEST_GAP,  /* enter aisles up to their largest gap */
  WMS_ROUTE_OPTIMAL,      /* shortest tour (see wms_route_plan) */
  WMS_ROUTE_N_METHODS
};

struct wms_route_layout {
  int32_t n_aisles;         /* aisles 0 .. n_aisles - 1 */
  int32_t aisle_spacing_cm; /* between aisle centre lines, > 0 */
  int32_t aisle_length_cm;  /* front to back cross-aisle, > 0 */
  int32_t depot_x_cm;       /* depot's x; aisle i is at i * spacing */
  int32_t depot_offset_cm;  /* depot's distance in front of y = 0 */
  bool back_cross;          /* a cross-aisle at y = aisle_length */
  bool middle_cross;        /* a cross-aisle at y = aisle_length / 2 */
};

/* One stop: a bin's aisle and its position along it. */
struct wms_route_stop {
  int32_t aisle; /* 0 .. n_aisles - 1 */
  int32_t y_cm;  /* 0 (front) .. aisle_length_cm (back) */
};

/* "sequence", "s_shape", "largest_gap", "optimal"; NULL if out of range. */
const char *wms_route_method_name(enum wms_route_method m);

/* Parses @a name (in) into @a m (out); false if it names no method. */
bool wms_route_method_parse(const char *name, enum wms_route_method *m);

/*
 * Walking distance in cm between two stops @a a and @a b (in) on layout
 * @a l (in): along the aisle if they share one, else over the cross-aisle
 * that makes it shortest.
 */
int64_t wms_route_dist(const struct wms_route_layout *l,
                       const struct wms_route_stop *a,
                       const struct wms_route_stop *b);

/*
 * Length in cm of the tour depot → @a stops[@a order[0]] → … →
 * @a stops[@a order[n-1]] → depot (all in). 0 when @a n is 0.
 */
int64_t wms_route_length(const struct wms_route_layout *l,
                         const struct wms_route_stop *stops,
                         const size_t *order, size_t n);

/*
 * Orders @a n stops (in) by method @a m: @a order (out, caller's array of
 * @a n) receives a permutation of 0 .. n-1. Returns the tour's length in
 * cm (wms_route_length of that order).
 *
 * WMS_ROUTE_OPTIMAL is exact without a middle cross-aisle: the dynamic
 * programme of Ratliff and Rosenthal over the aisles from the leftmost to
 * the rightmost required one (linear in aisles, any number of stops).
 * With a middle cross-aisle (two blocks) it is a heuristic: the best of
 * that tour, s_shape and largest_gap, improved by 2-opt; never longer
 * than either of those.
 */
int64_t wms_route_plan(const struct wms_route_layout *l,
                       enum wms_route_method m,
                       const struct wms_route_stop *stops, size_t n,
                       size_t *order);

#endif
