#ifndef CORE_CUSTOMER_H
#define CORE_CUSTOMER_H
/* Customers as intake matched them (email, else phone), with their orders. */
#include "core_ec.h"

#include <stdint.h>

struct core_arena;

/*
 * Customer @a id with the summaries of its orders; CORE_EC_NOT_FOUND.
 * @a warehouses (comma-separated codes, NULL for all) limits the orders
 * shown and counted to those of the warehouses a caller may see.
 */
enum core_ec core_customer_get(int64_t id, const char *warehouses,
                               struct core_arena *arena, const char **doc);

/*
 * Customers whose name contains @a q (may be NULL) or whose email or
 * phone is @a q exactly (blind indexes, core_pii.h), by
 * id, keyset after @a after; with @a warehouses (comma-separated codes)
 * only those with an order there, counting only those orders.
 */
enum core_ec core_customer_list(const char *q, const char *after, int64_t limit,
                                const char *warehouses,
                                struct core_arena *arena, const char **items,
                                const char **next);

void core_customer_register(void);

#endif
