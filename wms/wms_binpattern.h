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

#endif
