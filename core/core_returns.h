#ifndef CORE_RETURNS_H
#define CORE_RETURNS_H
/*
 * After-sales (issue 19): return authorisations (RMA) of shipped orders,
 * the goods received back by scan, their disposition and the refunds.
 * Every operation is one procedure of sql/procs/rma*.sql in the text
 * contract (core/core_proc.h); a refusal rolls back and changes nothing.
 * Request documents (@a req) are JSON text the caller built from what it
 * parsed; they are also what the replay rule compares.
 */
#include "core_ec.h"
#include "core_proc.h"
#include "core_stock.h"

#include <stdint.h>

struct core_arena;

/* Creates an RMA of order @a order: @a req {lines, resolution, note,
 * origin, channel_refund_id}. */
enum core_ec core_returns_create(int64_t order, const char *req,
                                 const char *key,
                                 const struct core_stock_actor *who,
                                 struct core_arena *arena,
                                 struct core_outcome *out);

/* The operations on RMA @a id: @a op is "receive", "dispose" or "refund",
 * @a req its request document. */
enum core_ec core_returns_act(int64_t id, const char *op, const char *req,
                              const char *key,
                              const struct core_stock_actor *who,
                              struct core_arena *arena,
                              struct core_outcome *out);

/*
 * The replacement order of RMA @a id (in): @a kind "exchange" (other
 * goods: @a req {lines: [{sku, qty}]}) or "reship" (the RMA's own lines:
 * @a req {}); a zero-price order for the same customer and address,
 * allocated like any order. Idempotent by @a key (NULL: none). Fills
 * @a out (the RMA's document, in @a arena). Returns CORE_EC_OK or the
 * refusal (rma_has_replacement, rma_nothing_to_replace, unknown_sku,
 * rma_state, not_found).
 */
enum core_ec core_returns_replace(int64_t id, const char *kind, const char *req,
                                  const char *key,
                                  const struct core_stock_actor *who,
                                  struct core_arena *arena,
                                  struct core_outcome *out);

/* A step of RMA @a id: "authorize", "reject" or "close", with @a note. */
enum core_ec core_returns_step(int64_t id, const char *step, const char *note,
                               const struct core_stock_actor *who,
                               struct core_arena *arena,
                               struct core_outcome *out);

/* RMA @a id's document into @a out (NOT_FOUND when there is none). */
enum core_ec core_returns_get(int64_t id, struct core_arena *arena,
                              struct core_outcome *out);

/* A page of RMAs for filter document @a filter (see rma_list) into
 * @a items (a JSON array text in @a arena). */
enum core_ec core_returns_list(const char *filter, struct core_arena *arena,
                               const char **items);

/* What a parcel's code @a code belongs to (rma_lookup), among the
 * warehouses @a warehouses (comma-separated codes; NULL: all), into
 * @a doc. */
enum core_ec core_returns_lookup(const char *code, const char *warehouses,
                                 struct core_arena *arena, const char **doc);

/*
 * The open returns of the warehouses @a warehouses (in: comma-separated
 * codes; NULL: all) for the dashboard: {open, review_needed, by_state,
 * oldest {id, number, state, created_at, age_days} or null}, as JSON text
 * in @a arena into @a doc (out).
 */
enum core_ec core_returns_summary(const char *warehouses,
                                  struct core_arena *arena, const char **doc);

/*
 * The refunds a channel made on an order of store @a store (in: its code):
 * @a doc (in) {external_id, channel, refunds: [{id, amount,
 * shipping_refund, note, lines: [{sku, qty}]}], if_shipped}. Each refund
 * is recorded once, by its id, on the order's open RMA or a new one of
 * origin channel; its restocked goods become return lines. Fills @a out
 * with the RMA's document (replayed when every refund was known), or the
 * refusal (not_found, order_not_shipped).
 */
enum core_ec core_returns_channel_refund(const char *store, const char *doc,
                                         const struct core_stock_actor *who,
                                         struct core_arena *arena,
                                         struct core_outcome *out);

void core_returns_register(void);

#endif
