#ifndef WMS_REPLENISH_H
#define WMS_REPLENISH_H
/*
 * Replenishment: per (SKU, pick bin) min/max rules. Whenever stock leaves
 * a pick bin and it falls below its minimum, tasks to refill it from
 * reserve bins appear (wms_replenish_check, inside the same transaction);
 * the floor confirms them by scan.
 */
#include "core_ec.h"
#include "core_stock.h"

#include <stdbool.h>
#include <stdint.h>

struct core_arena;

/*
 * Sets the rule for @a sku in bin @a bin of @a wh (creating or replacing
 * it) and plans a task at once if the bin is already low. @a doc (out) is
 * the rule. Returns CORE_EC_OK, CORE_EC_NOT_FOUND (warehouse),
 * CORE_EC_UNKNOWN_SKU, CORE_EC_UNKNOWN_BIN or a database error.
 */
enum core_ec wms_replenish_rule_set(const char *wh, const char *sku,
                                    const char *bin, int64_t min, int64_t max,
                                    struct core_arena *arena, const char **doc);

/* The rules of @a wh (JSON array, by bin). */
enum core_ec wms_replenish_rule_list(const char *wh, struct core_arena *arena,
                                     const char **items);

/* The open tasks of @a wh in walking order of their source bins. */
enum core_ec wms_replenish_task_list(const char *wh, struct core_arena *arena,
                                     const char **items);

/*
 * Confirms task @a id with @a qty units moved (0: the task's quantity),
 * idempotent by @a key. @a doc (out) is the task after it. Returns
 * CORE_EC_OK, CORE_EC_NOT_FOUND, CORE_EC_CONFLICT (task not open),
 * CORE_EC_INSUFFICIENT_STOCK (why->available).
 */
enum core_ec wms_replenish_confirm(int64_t id, int64_t qty, const char *key,
                                   const struct core_stock_actor *who,
                                   struct core_arena *arena, const char **doc,
                                   struct core_stock_refusal *why);

void wms_replenish_register(void);

#endif
