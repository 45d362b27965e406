#ifndef WMS_SLOTTING_H
#define WMS_SLOTTING_H
/*
 * Slotting (issue 24 item 6, sql/procs/wms_slotting.sql): SKUs ranked by
 * picks (ABC) and proposed moves of fast movers to the free bins nearest
 * the depot; accepted proposals become replenishment tasks of reason
 * 'slotting', confirmed on the floor like any other.
 */
#include "core_ec.h"
#include "core_proc.h"

#include <stdint.h>

struct core_arena;

/*
 * The ranking and proposals of warehouse @a wh (in) from the picks of the
 * last @a days (1-365) days; @a out->doc (in @a arena). Refusals:
 * not_found, no_layout.
 */
enum core_ec wms_slotting_get(const char *wh, int64_t days,
                              struct core_arena *arena,
                              struct core_outcome *out);

/*
 * Accepts @a proposals (in: JSON array text of {sku, from_bin, to_bin})
 * of @a wh, idempotent by @a key (in, may be NULL); @a out->doc is
 * {"tasks":[…]}. Refusals: not_found, unknown_sku, unknown_bin,
 * slotting_stale (field proposals[i]), idempotency_conflict.
 */
enum core_ec wms_slotting_accept(const char *wh, const char *proposals,
                                 const char *key, struct core_arena *arena,
                                 struct core_outcome *out);

void wms_slotting_register(void);

#endif
