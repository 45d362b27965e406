#ifndef CORE_DASHBOARD_H
#define CORE_DASHBOARD_H
/*
 * The back office's first page in one read: orders by state (every state,
 * zero included) and today's orders. Counts use the same warehouse rule as
 * the order list, so a count and the list it opens always agree.
 */
#include "core_ec.h"

struct core_arena;

/* Registers the dashboard's statements (core_modules_register). */
void core_dashboard_register(void);

/*
 * The dashboard of warehouse @a warehouse (in, code; NULL: all) as JSON
 * text in @a doc (out, in @a arena): {"orders_by_state": {"new": n, …},
 * "orders_total": n, "orders_today": n}. Returns CORE_EC_OK or a database
 * error.
 */
enum core_ec core_dashboard_get(const char *warehouse, struct core_arena *arena,
                                const char **doc);

#endif
