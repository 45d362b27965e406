#ifndef CORE_CUSTOMER_H
#define CORE_CUSTOMER_H
/* Customers as intake matched them (email, else phone), with their orders. */
#include "core_ec.h"

#include <stdint.h>

struct core_arena;

/*
 * Customer @a id's whole story (crm_customer_doc in sql/procs: addresses,
 * tags, notes, totals, segments, orders, returns, feedback) into @a doc
 * (out, JSON text in @a arena, personal members sealed as "$pii");
 * CORE_EC_NOT_FOUND. @a warehouses (comma-separated codes, NULL for all)
 * limits the orders shown and counted to those a caller may see.
 */
enum core_ec core_customer_get(int64_t id, const char *warehouses,
                               struct core_arena *arena, const char **doc);

/* What a customer list is filtered by; NULL members match everyone. */
struct core_customer_filter {
  const char *q;       /* name part, or an exact email or phone */
  const char *tag;     /* one of the customer's tags */
  const char *segment; /* RFM segment in a store the caller sees */
  const char *store;   /* a store code the customer ordered from */
};

/*
 * Customers matching @a f (in): a name containing f->q, or an email or
 * phone equal to it (blind indexes, core_pii.h; records merged into
 * another are found only this way), by id, keyset after @a after; with
 * @a warehouses (comma-separated codes) only those with an order there,
 * counting only those orders.
 */
enum core_ec core_customer_list(const struct core_customer_filter *f,
                                const char *after, int64_t limit,
                                const char *warehouses,
                                struct core_arena *arena, const char **items,
                                const char **next);

void core_customer_register(void);

#endif
