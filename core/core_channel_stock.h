#ifndef CORE_CHANNEL_STOCK_H
#define CORE_CHANNEL_STOCK_H
/*
 * Stock push to marketplace listings (issue 27 item 5): the outbox's
 * 'channel_stock' rows (one pending per store and SKU, queued by triggers
 * in sql/procs/channel_stock.sql), leased for the marketplace worker with
 * each listing's figure, and the answer recorded.
 */
#include "core_channel.h"
#include "core_ec.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct core_arena;

/* One listing of a leased outbox row. */
struct core_channel_stock_row {
  int64_t outbox_id;
  int attempts;             /* of the outbox row, this one included */
  const char *platform_sku; /* the listing; NULL: the SKU has none left */
  const char *item_id;      /* the platform's item id */
  const char *sku_id;       /* the platform's SKU id, or "" */
  int64_t qty;              /* the figure to set */
};

/* A store's leased rows, with its credentials. */
struct core_channel_stock_batch {
  const char *store; /* code */
  struct core_channel_creds creds;
  struct core_channel_stock_row *rows;
  size_t n;
};

/*
 * Leases up to @a max due outbox rows (SKIP LOCKED, five minutes: a batch
 * of platform calls; a node that dies leaves them to another then), each
 * counted as an attempt, grouped by store into @a out (@a n batches, in
 * @a arena).
 */
enum core_ec core_channel_stock_lease(unsigned max, struct core_arena *arena,
                                      struct core_channel_stock_batch **out,
                                      unsigned *n);

/*
 * Records outbox row @a outbox_id's push: @a pushed (in) the JSON array
 * text [{platform_sku, qty}] of the listings the platform took; on @a ok
 * the row is done (again at once if a figure moved meanwhile), else backed
 * off with @a error kept, on the exceptions desk from the third attempt.
 */
enum core_ec core_channel_stock_done(int64_t outbox_id, bool ok,
                                     const char *pushed, const char *error);

void core_channel_stock_register(void);

#endif
