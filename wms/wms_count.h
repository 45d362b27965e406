#ifndef WMS_COUNT_H
#define WMS_COUNT_H
/*
 * Cycle counts. A lead opens a count over bins; counters scan a bin, then
 * each item with the quantity they see (blind: they are never shown what
 * the system expects). Each entry is compared with the bin's quantity at
 * the moment of the scan, so picks before or after it are not variances;
 * small variances post at once, larger ones wait for the lead.
 */
#include "core_ec.h"
#include "core_stock.h"

#include <stdbool.h>
#include <stdint.h>

struct core_arena;

/*
 * Opens a count in @a wh over @a bins (n codes) or, if @a nbins is 0,
 * every bin of zone @a zone. @a doc (out) is the count. Returns
 * CORE_EC_OK, CORE_EC_NOT_FOUND (warehouse), CORE_EC_UNKNOWN_BIN (@a bad
 * the index), CORE_EC_UNKNOWN_ZONE or a database error.
 */
enum core_ec wms_count_create(const char *wh, const char **bins, unsigned nbins,
                              const char *zone, int64_t threshold,
                              const char *note, struct core_arena *arena,
                              const char **doc, unsigned *bad);

/* Count @a id: the full view, or with @a blind the bins left to count. */
enum core_ec wms_count_get(int64_t id, bool blind, struct core_arena *arena,
                           const char **doc);

/*
 * The counts of @a wh, newest first, as a JSON array: the full views, or
 * with @a blind the counters' views (no quantities).
 */
enum core_ec wms_count_list(const char *wh, bool blind,
                            struct core_arena *arena, const char **items);

/* One counted item. */
struct wms_count_entry {
  const char *bin, *sku, *lot;
  int64_t qty;
  const char *idempotency_key;
};

/*
 * Records @a e in count @a id. @a doc (out) is the counter's blind view
 * after it. Refusals: CORE_EC_NOT_FOUND, CORE_EC_COUNT_NOT_OPEN,
 * CORE_EC_BIN_NOT_IN_COUNT, CORE_EC_UNKNOWN_BIN/SKU/LOT,
 * CORE_EC_LOT_REQUIRED, CORE_EC_LOT_NOT_TRACKED (why names the field).
 */
enum core_ec wms_count_enter(int64_t id, const struct wms_count_entry *e,
                             const struct core_stock_actor *who,
                             struct core_arena *arena, const char **doc,
                             struct core_stock_refusal *why);

/* Marks @a bin counted: items with stock there not counted count as 0. */
enum core_ec wms_count_bin_done(int64_t id, const char *bin,
                                const struct core_stock_actor *who,
                                struct core_arena *arena, const char **doc);

/*
 * The lead approves (posts the variance) or rejects (asks for a recount)
 * line @a line of count @a id. Returns CORE_EC_OK, CORE_EC_NOT_FOUND,
 * CORE_EC_COUNT_LINE_NOT_WAITING or CORE_EC_INSUFFICIENT_STOCK.
 */
enum core_ec wms_count_decide(int64_t id, int64_t line, bool approve,
                              const struct core_stock_actor *who,
                              struct core_arena *arena, const char **doc);

/* Closes count @a id; further entries are refused. */
enum core_ec wms_count_close(int64_t id, struct core_arena *arena,
                             const char **doc);

void wms_count_register(void);

#endif
