#ifndef WMS_EXCEPTION_H
#define WMS_EXCEPTION_H
/*
 * The lead's exceptions desk: short picks, weight mismatches, damaged
 * items and orders cancelled after picking, each listed with the actions
 * that resolve it (reallocate, cancel the order, put back into a bin by
 * scan, scrap, acknowledge).
 */
#include "core_ec.h"
#include "core_stock.h"
#include "core_proc.h"

#include <stdint.h>

struct core_arena;

/*
 * Exceptions of @a wh (NULL: all) in @a state and of @a kind (NULL: any),
 * reported at least @a min_age_hours ago (0: any age), newest first, older than
 * id @a before (0: from the newest), at most
 * @a limit, as a JSON array in @a items.
 */
enum core_ec wms_exception_list(const char *wh, const char *state,
                                const char *kind, int64_t min_age_hours,
                                int64_t before, int64_t limit,
                                struct core_arena *arena, const char **items);

/* Damaged units the floor found. */
struct wms_damage_req {
  const char *warehouse, *location, *sku, *lot, *note;
  int64_t qty;
};

/* Records damaged units; unknown_bin/sku/lot, insufficient_stock. */
enum core_ec wms_exception_report(const struct wms_damage_req *r,
                                  const struct core_stock_actor *who,
                                  struct core_arena *arena,
                                  struct core_outcome *out);

struct wms_resolve_req {
  const char *action; /* one of the exception's "actions" */
  const char *bin;    /* putback: the bin the units go to */
  const char *note;
  const char *idempotency_key;
};

/*
 * Resolves exception @a id by @a r->action. Refusals: not_found,
 * exception_resolved, invalid_value (action), unknown_bin,
 * insufficient_stock, bin_blocked, order_not_held, …
 */
enum core_ec wms_exception_resolve(int64_t id, const struct wms_resolve_req *r,
                                   const struct core_stock_actor *who,
                                   struct core_arena *arena,
                                   struct core_outcome *out);

void wms_exception_register(void);

#endif
