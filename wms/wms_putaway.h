#ifndef WMS_PUTAWAY_H
#define WMS_PUTAWAY_H
/*
 * Putaway: rules that send a SKU or a category to a zone or a bin, and
 * suggestions of bins for received stock (PL/pgSQL wms_putaway_suggest).
 */
#include "core_ec.h"

#include <stdint.h>

struct core_arena;

/* A rule: exactly one of sku/category and one of zone/bin. */
struct wms_putaway_rule {
  const char *sku, *category;
  const char *zone, *bin;
  int64_t priority;
};

/*
 * Creates @a r in warehouse @a wh; @a doc (out) is the rule. Returns
 * CORE_EC_OK, CORE_EC_NOT_FOUND (warehouse), CORE_EC_UNKNOWN_SKU,
 * CORE_EC_UNKNOWN_ZONE, CORE_EC_UNKNOWN_BIN or a database error.
 */
enum core_ec wms_putaway_rule_create(const char *wh,
                                     const struct wms_putaway_rule *r,
                                     struct core_arena *arena,
                                     const char **doc);

/* The rules of @a wh as a JSON array, in the order they apply. */
enum core_ec wms_putaway_rule_list(const char *wh, struct core_arena *arena,
                                   const char **items);

/* Deletes rule @a id of @a wh; CORE_EC_NOT_FOUND if there is none. */
enum core_ec wms_putaway_rule_delete(const char *wh, int64_t id);

/*
 * Up to @a limit bins for @a qty units of @a sku in @a wh, best first, as
 * {"items":[…]} text. CORE_EC_UNKNOWN_WAREHOUSE / CORE_EC_UNKNOWN_SKU.
 */
enum core_ec wms_putaway_suggest(const char *wh, const char *sku, int64_t qty,
                                 int64_t limit, struct core_arena *arena,
                                 const char **items);

void wms_putaway_register(void);

#endif
