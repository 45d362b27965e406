#ifndef CORE_STOCK_QUERY_H
#define CORE_STOCK_QUERY_H
/*
 * The stock ledger's read side: quantities per SKU × warehouse (on_hand,
 * reserved, available, in_transit), optionally per bin and lot, and the
 * ledger invariant check.
 */
#include "core_ec.h"

#include <stdbool.h>
#include <stdint.h>

struct core_arena;

struct core_stock_filter {
  const char *sku, *warehouse, *bin, *lot; /* each may be NULL */
  bool bins;                               /* include per-bin lines */
  const char *after;                       /* keyset "sku|warehouse" */
  int64_t limit;
  const char *owner; /* a stock owner's code: its SKUs only; NULL: all */
};

/*
 * One page of stock figures matching @a f. @a items (out) is a JSON array
 * text, @a next (out) the key to continue after, or NULL.
 */
enum core_ec core_stock_query_list(const struct core_stock_filter *f,
                                   struct core_arena *arena, const char **items,
                                   const char **next);

/*
 * Verifies the ledger: for every (sku, location, lot) of a real location
 * the moves in minus out equal the quant's on_hand, and every quant's
 * reserved equals its active reservation lines. @a report (out) is a JSON
 * array of differences (empty when sound); @a bad (out) their count.
 */
enum core_ec core_stock_query_check(struct core_arena *arena,
                                    const char **report, int64_t *bad);

/*
 * SKUs whose available + in-transit stock in a warehouse is below their
 * reorder point there (@a warehouse may be NULL: all), as a JSON array
 * ordered by shortfall, largest first.
 */
enum core_ec core_stock_query_low(const char *warehouse,
                                  struct core_arena *arena, const char **items);

void core_stock_query_register(void);

#endif
