#ifndef CORE_SCOPE_H
#define CORE_SCOPE_H
/* Which warehouse an id-addressed resource belongs to, for access checks. */
#include "core_ec.h"

#include <stdint.h>

struct core_arena;

enum core_scope_kind {
  CORE_SCOPE_RESERVATION,
  CORE_SCOPE_COUNT,
  CORE_SCOPE_REPLENISH_TASK,
  CORE_SCOPE_TRANSFER_TO,
  CORE_SCOPE_PICKLIST,
  CORE_SCOPE_SHIPMENT,
  CORE_SCOPE_CARTON,
  CORE_SCOPE_EXCEPTION,
};

/*
 * The code of the warehouse that resource @a id of @a kind belongs to,
 * into @a code (out, in @a arena). CORE_EC_NOT_FOUND if there is none.
 */
enum core_ec core_scope_warehouse(enum core_scope_kind kind, int64_t id,
                                  struct core_arena *arena, const char **code);

void core_scope_register(void);

#endif
