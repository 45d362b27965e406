#ifndef WMS_BINPATTERN_H
#define WMS_BINPATTERN_H
/*
 * Bin code generation from a pattern: aisles × racks × levels × positions,
 * in serpentine walking order (racks ascend in the first aisle, descend in
 * the next, …), so consecutive pick sequences are physically adjacent.
 */
#include "core_ec.h"
#include "wms_location.h"

enum { WMS_BINPATTERN_MAX = 100000 };

/*
 * Expands @a p (in) into @a codes (out: @a count codes in walking order,
 * all in @a arena). Returns CORE_EC_OK, or CORE_EC_INVALID_VALUE /
 * CORE_EC_TOO_MANY_BINS with @a err naming the field and the reason.
 */
enum core_ec wms_binpattern_expand(const struct wms_bin_pattern *p,
                                   struct core_arena *arena,
                                   const char ***codes, unsigned *count,
                                   struct wms_pattern_error *err);

/* Where a generated bin is: the pattern's aisle, rack and level values
 * (letters count A = 1), stored as location.aisle_no, rack_no, level_no. */
struct wms_bin_xy {
  int aisle, rack, level;
};

/*
 * As wms_binpattern_expand, and @a xy (out, may be NULL: not wanted)
 * receives each code's coordinates, in @a arena, parallel to @a codes.
 */
enum core_ec wms_binpattern_expand_xy(const struct wms_bin_pattern *p,
                                      struct core_arena *arena,
                                      const char ***codes,
                                      struct wms_bin_xy **xy, unsigned *count,
                                      struct wms_pattern_error *err);

#endif
