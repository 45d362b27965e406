#ifndef WMS_LAYOUT_H
#define WMS_LAYOUT_H
/*
 * Warehouse geometry (issue 24): zone layouts and the routing method of a
 * warehouse (sql/procs/wms_layout.sql), and the routing of a new wave's
 * pick lists by that method (wms_route.h) in the wave's own transaction.
 */
#include "core_db.h"
#include "core_ec.h"
#include "core_proc.h"

#include <stdbool.h>
#include <stdint.h>

struct core_arena;

/* The layout of one zone as PUT sends it; decimals as canonical text. */
struct wms_zone_layout {
  const char *zone;
  const char *aisle_spacing_m, *aisle_length_m, *bay_width_m;
  const char *depot_x_m, *depot_offset_m;
  bool cross_back, cross_middle;
  int64_t golden_level_min, golden_level_max;
};

/*
 * The layout of warehouse @a wh (in): routing method, zones with their
 * layouts and bays with occupancy; @a out->doc (in @a arena). Refusal:
 * not_found.
 */
enum core_ec wms_layout_get(const char *wh, struct core_arena *arena,
                            struct core_outcome *out);

/*
 * Sets the routing method @a method (in; NULL: unchanged; one of
 * wms_route_method_name) and the layouts of @a n zones @a zones (in) of
 * @a wh; @a out->doc is the layout afterwards. Refusals: not_found,
 * unknown_zone (field zones[i].zone).
 */
enum core_ec wms_layout_put(const char *wh, const char *method,
                            const struct wms_zone_layout *zones, size_t n,
                            struct core_arena *arena, struct core_outcome *out);

/*
 * Orders the tasks of wave @a wave's unstarted lists by the warehouse's
 * routing method and records each list's metres (by that method and by
 * pick sequence), inside the caller's transaction on @a c. A list with a
 * stop that has no coordinates (or whose zone has no layout) keeps its
 * pick sequence and no distance. A list over several laid-out zones is
 * walked zone by zone (in the order of their first stops), each from its
 * zone's depot. Returns the last query's status; @a ec on a hard error.
 */
enum core_qs wms_layout_route_wave(struct core_db_conn *c, int64_t wave,
                                   struct core_arena *arena, enum core_ec *ec);

void wms_layout_register(void);

#endif
