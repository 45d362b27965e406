#ifndef CORE_TRANSFER_H
#define CORE_TRANSFER_H
/*
 * Transfers between warehouses. Shipping moves the units from a bin into
 * the destination's @TRANSIT location, where they count as its
 * in_transit; receiving moves them into one of its bins.
 */
#include "core_ec.h"
#include "core_stock.h"

#include <stdbool.h>
#include <stdint.h>

struct core_arena;

struct core_transfer_req {
  const char *sku, *lot;
  const char *from_warehouse;
  const char *from_bin; /* NULL: the lite warehouse's implicit bin */
  const char *to_warehouse;
  int64_t qty;
  const char *idempotency_key;
  const char *freight; /* decimal text, or NULL: none */
};

/*
 * Ships @a t. @a doc (out) is the transfer; @a replayed (out) tells a
 * replay. Refusals (why names the field): unknown_sku, unknown_warehouse,
 * unknown_bin, unknown_lot, lot_required, lot_not_tracked, invalid_value
 * (same warehouse), insufficient_stock.
 */
enum core_ec core_transfer_ship(const struct core_transfer_req *t,
                                const struct core_stock_actor *who,
                                struct core_arena *arena, const char **doc,
                                bool *replayed, struct core_stock_refusal *why);

/*
 * Receives transfer @a id into bin @a to_bin of its destination (NULL:
 * the implicit bin). Returns CORE_EC_OK, CORE_EC_NOT_FOUND,
 * CORE_EC_CONFLICT (received already), CORE_EC_UNKNOWN_BIN,
 * CORE_EC_BIN_BLOCKED.
 */
enum core_ec core_transfer_receive(int64_t id, const char *to_bin,
                                   const struct core_stock_actor *who,
                                   struct core_arena *arena, const char **doc);

/* Transfers touching @a warehouse (may be NULL) in @a state (may be NULL). */
enum core_ec core_transfer_list(const char *warehouse, const char *state,
                                struct core_arena *arena, const char **items);

void core_transfer_register(void);

#endif
