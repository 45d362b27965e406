#ifndef WMS_PUTAWAY_TASK_H
#define WMS_PUTAWAY_TASK_H
/*
 * Putaway tasks: what a receipt left in the receiving zone, to be put
 * into bins (sql/procs/pur_receive.sql makes them, one per received line).
 * The rules that suggest the bins are in wms_putaway.h.
 */
#include "core_ec.h"
#include "core_proc.h"
#include "core_stock.h"

#include <stdint.h>

struct core_arena;

/* Open putaway tasks of @a wh (NULL: all) as a JSON array. */
enum core_ec wms_putaway_task_list(const char *wh, struct core_arena *arena,
                                   const char **items);

/* Puts @a qty (0: the rest) of task @a id into bin @a bin. */
enum core_ec wms_putaway_task_confirm(int64_t id, const char *bin, int64_t qty,
                                      const char *key,
                                      const struct core_stock_actor *who,
                                      struct core_arena *arena,
                                      struct core_outcome *out);

void wms_putaway_task_register(void);

#endif
