#ifndef CORE_OUTBOX_H
#define CORE_OUTBOX_H
/*
 * The outbox: messages to other systems written in the same transaction
 * as the change they report: channel stock sync (one pending message per
 * store and SKU; the figure is read at delivery) and order events such as
 * a shipment with its tracking numbers (the body is fixed when written).
 */
#include "core_ec.h"

#include <stdbool.h>
#include <stdint.h>

struct core_arena;

/* One due message, leased to the caller for a while. */
struct core_outbox_msg {
  int64_t id;
  const char *created_at; /* its month's key (outbox is partitioned by it) */
  const char *url;        /* the store's sync_url */
  const char *store;      /* store code */
  const char *sku;
  int64_t available;   /* what the store may sell: share and buffer applied */
  int attempts;        /* including this one */
  const char *payload; /* an event's body (JSON), or NULL for stock sync */
};

/*
 * Leases up to @a max due messages (@a out in @a arena, @a n out): each is
 * hidden from other workers for a while and counted as an attempt.
 */
enum core_ec core_outbox_lease(unsigned max, struct core_arena *arena,
                               struct core_outbox_msg **out, unsigned *n);

/*
 * Records the delivery of @a m: on success the message is done unless
 * the figure changed meanwhile (then it is sent again at once); on
 * failure it is retried with exponential backoff, @a error (in) kept.
 */
enum core_ec core_outbox_done(const struct core_outbox_msg *m, bool ok,
                              const char *error);

void core_outbox_register(void);

#endif
