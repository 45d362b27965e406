#ifndef CORE_ORDER_H
#define CORE_ORDER_H
/*
 * The order pool: intake from every channel (one normalized JSON document
 * per order, see ord_do_intake), validation into holds, allocation by
 * reservation with backorders, cancel and release, list and timeline.
 */
#include "core_ec.h"
#include "core_stock.h"

#include <stdbool.h>
#include <stdint.h>

struct core_arena;

/*
 * Takes in order document @a doc (in, JSON text: external_id, currency,
 * customer, ship_to, lines[{sku|barcode, qty, unit_price,
 * requires_shipping, name, external_line_id}], shipping_amount, total,
 * notes, channel) for store @a store. @a out (out) is the order as stored;
 * @a replayed (out) tells a redelivery. Returns CORE_EC_OK,
 * CORE_EC_UNKNOWN_STORE or CORE_EC_CONFLICTING_REDELIVERY.
 */
enum core_ec core_order_intake(const char *store, const char *doc,
                               const struct core_stock_actor *who,
                               struct core_arena *arena, const char **out,
                               bool *replayed);

/* Order @a id as JSON; CORE_EC_NOT_FOUND. */
enum core_ec core_order_get(int64_t id, struct core_arena *arena,
                            const char **doc);

struct core_order_filter {
  const char *store, *external_id, *state, *from, *to; /* each may be NULL */
  const char *q; /* external id, customer name, email or phone contains it */
  const char *warehouse; /* limit to one warehouse, or NULL */
  const char *after;     /* keyset: the last id seen, as text */
  bool oldest_first;     /* else newest first */
  int64_t limit;
  const char *owner; /* one stock owner's (its stores'), a code; or NULL */
};

/* A page of orders, newest (or oldest) first. */
enum core_ec core_order_list(const struct core_order_filter *f,
                             struct core_arena *arena, const char **items,
                             const char **next);

/*
 * How many orders match @a f (in; its cursor and limit are ignored) into
 * @a total (out). CORE_EC_DB_ERROR for a bad from/to.
 */
enum core_ec core_order_count(const struct core_order_filter *f,
                              int64_t *total);

/* The timeline of order @a id, oldest first; CORE_EC_NOT_FOUND. */
enum core_ec core_order_timeline(int64_t id, struct core_arena *arena,
                                 const char **items);

/*
 * Cancels order @a id (releasing its reservations) or releases its holds
 * and allocates it again. Returns CORE_EC_OK, CORE_EC_NOT_FOUND,
 * CORE_EC_ORDER_NOT_CANCELLABLE / CORE_EC_ORDER_NOT_HELD.
 */
enum core_ec core_order_cancel(int64_t id, const struct core_stock_actor *who,
                               struct core_arena *arena, const char **doc);
enum core_ec core_order_release(int64_t id, const struct core_stock_actor *who,
                                struct core_arena *arena, const char **doc);

/*
 * Holds order @a id (in) for the back office: an order that is new,
 * allocated or backordered goes on_hold with a "manual" hold carrying
 * @a note (in, borrowed, may be NULL) and keeps its reservations, so waves
 * skip it while its stock stays promised; core_order_release makes it
 * allocated again. A held order stays as it is. @a who (in) is the actor
 * for the timeline; @a doc (out, in @a arena) the order document. Returns
 * CORE_EC_OK, CORE_EC_NOT_FOUND or CORE_EC_ORDER_NOT_HOLDABLE (picking,
 * packed, shipped, delivered or cancelled).
 */
enum core_ec core_order_hold(int64_t id, const char *note,
                             const struct core_stock_actor *who,
                             struct core_arena *arena, const char **doc);

/*
 * The column mapping of CSV profile @a code (JSON text, see csv_profile)
 * into @a mapping (out); CORE_EC_NOT_FOUND.
 */
enum core_ec core_order_csv_profile(const char *code, struct core_arena *arena,
                                    const char **mapping);

/*
 * Fixes order @a id while it waits: @a ship_to (JSON object text, may be
 * NULL) is merged into the address; @a lines (JSON array text of
 * {line, sku?, unit_price?, accept_price?}, may be NULL) re-points lines,
 * changes or accepts their prices; @a fix (JSON object text
 * {currency?, accept_currency?}, may be NULL) changes or accepts the
 * currency. All in, borrowed. Release it afterwards.
 * Returns CORE_EC_OK, CORE_EC_NOT_FOUND, CORE_EC_ORDER_NOT_HELD,
 * CORE_EC_UNKNOWN_SKU or CORE_EC_INVALID_VALUE (no such line), with
 * @a bad_field (out, in @a arena; NULL otherwise) the input to blame,
 * "lines[i]" with i the index into @a lines.
 */
enum core_ec core_order_fix(int64_t id, const char *ship_to, const char *lines,
                            const char *fix, const struct core_stock_actor *who,
                            struct core_arena *arena, const char **doc,
                            const char **bad_field);

void core_order_register(void);

#endif
