#ifndef CORE_RESERVE_H
#define CORE_RESERVE_H
/*
 * Reservations: units of a SKU promised to a reference (an order line) in
 * one warehouse, held in chosen bins by removal strategy (PL/pgSQL
 * wms_do_reserve). Never more than is available, under any concurrency.
 */
#include "core_ec.h"
#include "core_stock.h"

#include <stdbool.h>
#include <stdint.h>

struct core_arena;

/*
 * Reserves @a qty of @a sku in @a warehouse for @a reference. @a doc
 * (out) is the reservation with its lines; @a replayed (out) tells that
 * the reference had it already. Returns CORE_EC_OK,
 * CORE_EC_INSUFFICIENT_STOCK (why->available says how many could be),
 * CORE_EC_UNKNOWN_WAREHOUSE/SKU, CORE_EC_IDEMPOTENCY_CONFLICT (same
 * reference, other quantity) or a database error.
 */
enum core_ec core_reserve_create(const char *warehouse, const char *sku,
                                 int64_t qty, const char *reference,
                                 struct core_arena *arena, const char **doc,
                                 bool *replayed,
                                 struct core_stock_refusal *why);

/* Operations on an existing reservation. */
enum core_reserve_op {
  CORE_RESERVE_RELEASE, /* give the units back */
  CORE_RESERVE_CONSUME, /* the units left: move them to @CUSTOMER */
};

/*
 * Applies @a op to reservation @a id. @a doc (out) is its new state.
 * Returns CORE_EC_OK, CORE_EC_NOT_FOUND, CORE_EC_RESERVATION_NOT_ACTIVE.
 */
enum core_ec core_reserve_close(int64_t id, enum core_reserve_op op,
                                const struct core_stock_actor *who,
                                struct core_arena *arena, const char **doc);

/* The reservation @a id as JSON, or CORE_EC_NOT_FOUND. */
enum core_ec core_reserve_get(int64_t id, struct core_arena *arena,
                              const char **doc);

void core_reserve_register(void);

#endif
