#ifndef CORE_STOCK_H
#define CORE_STOCK_H
/*
 * The stock ledger's write side: moves between bins and adjustments, each
 * one short transaction that writes a stock_move row and the quants it
 * changes (PL/pgSQL ledger_move around wms_do_move, under row locks).
 * Idempotent by key: a replay returns the first move and changes nothing.
 */
#include "core_ec.h"

#include <stdbool.h>
#include <stdint.h>

struct core_arena;

/* Who asks, for the ledger row. */
struct core_stock_actor {
  int64_t user_id;        /* 0: unknown / system */
  const char *request_id; /* X-Request-Id, may be NULL */
  /* The warehouses a limited user may touch, comma-separated codes; NULL
   * for all. Procedures that learn the warehouse only from a scanned code
   * check it in their own transaction. */
  const char *warehouses;
};

/* Why a request was refused: the field to blame and figures. */
struct core_stock_refusal {
  const char *field;
  int64_t available; /* for insufficient_stock */
  char detail[160];
};

struct core_stock_move_req {
  const char *warehouse; /* may be NULL when the bin codes are unique */
  const char *sku;
  const char *from_bin;
  const char *to_bin;
  const char *lot; /* NULL for SKUs without lots */
  int64_t qty;
  const char *idempotency_key; /* may be NULL */
};

struct core_stock_adjust_req {
  const char *warehouse;
  const char *bin; /* NULL: the implicit bin of a lite warehouse */
  const char *sku;
  const char *lot;
  const char *expiry; /* YYYY-MM-DD or NULL */
  int64_t qty_delta;  /* != 0 */
  const char *reason;
  const char *idempotency_key;
  /* Units in only: their cost (decimal text), else the moving average or
   * the catalog's cost; it enters the moving average as a receipt's. */
  const char *unit_cost;
};

/*
 * Moves stock between two bins of one warehouse. @a doc (out, JSON in
 * @a arena) describes the move; @a replayed (out) tells a replay. Returns
 * CORE_EC_OK or a refusal (unknown_sku/bin, ambiguous_bin, lot_required,
 * insufficient_stock, bin_blocked, bin_capacity_exceeded, bin_single_sku,
 * idempotency_conflict, …) described in @a why; nothing changes then.
 */
enum core_ec core_stock_move(const struct core_stock_move_req *m,
                             const struct core_stock_actor *who,
                             struct core_arena *arena, const char **doc,
                             bool *replayed, struct core_stock_refusal *why);

/*
 * Adds (qty_delta > 0) or removes stock in a bin against the warehouse's
 * adjustment location; creates the lot on first sight. Same contract as
 * core_stock_move.
 */
enum core_ec core_stock_adjust(const struct core_stock_adjust_req *a,
                               const struct core_stock_actor *who,
                               struct core_arena *arena, const char **doc,
                               bool *replayed, struct core_stock_refusal *why);

struct core_outcome;

/*
 * The ledger's procedures (sql/procs/ledger_contract.sql) answer in the
 * procedure contract (core_proc.h). Copies refusal @a o into @a why: its
 * field, its detail, and for insufficient_stock the available figure its
 * document carries. Returns @a o's code, or CORE_EC_INTERNAL when that
 * figure is missing.
 */
enum core_ec core_stock_refusal_from(const struct core_outcome *o,
                                     struct core_stock_refusal *why);

/* Registers this module's statements. */
void core_stock_register(void);

#endif
