#ifndef WMS_ROUTE_SIM_H
#define WMS_ROUTE_SIM_H
/*
 * The pick-path simulation behind `make bench`'s pick-path tier (issue 24
 * item 7) and its unit test: generated pick lists on the demo pick zone
 * (aisles A-F, racks 1-10, levels 1-3, as `depot demo seed` lays it out),
 * walked by every routing method (wms_route.h), before and after slotting.
 * Pure and deterministic: the same seed gives the same lists and metres.
 */
#include "wms_route.h"

#include <stdint.h>

/* What to simulate. */
struct wms_route_sim_cfg {
  unsigned lists;     /* pick lists to generate */
  unsigned min_stops; /* stops per list, uniform in [min, max] */
  unsigned max_stops;
  unsigned skus; /* SKUs slotted in the zone's bins (<= bins) */
  uint64_t seed; /* non-zero */
};

/* Metres walked over all lists, per method, before and after slotting. */
struct wms_route_sim_result {
  double metres[WMS_ROUTE_N_METHODS];
  double metres_slotted[WMS_ROUTE_N_METHODS];
  /* Odoo's order for comparison: the stops sorted by bin code
   * ({aisle}-{rack:02}-{level}: every aisle front to back), each leg the
   * shortest walk between two stops. Not a method Depot offers. */
  double metres_by_name;
  double metres_by_name_slotted;
  unsigned stops;         /* over all lists */
  unsigned optimal_worse; /* walks where optimal was longer than s_shape
                             or largest_gap: 0 unless wms_route is wrong */
};

/* The demo pick zone's layout as `depot demo seed` sets it. */
struct wms_route_layout wms_route_sim_demo_layout(void);

/*
 * Runs @a cfg (in) and fills @a out (out). Before slotting SKUs sit in
 * random bins; slotting gives the most picked SKUs the bins nearest the
 * depot (golden level first within a bay), as repeated accepted slotting
 * proposals would. Demand is skewed (weight 1 / rank): the same lists'
 * SKUs are walked both times. Returns false if @a cfg is out of range.
 */
bool wms_route_sim_run(const struct wms_route_sim_cfg *cfg,
                       struct wms_route_sim_result *out);

#endif
