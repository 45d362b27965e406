#ifndef CORE_SCOPE_H
#define CORE_SCOPE_H
/*
 * Which warehouses a record belongs to, for the router's access check
 * (web/web_scope.c). A record's warehouse never changes once it exists
 * (migration 0090 enforces it for the warehouse-bound tables), so the
 * check gives the same verdict as one made inside the handler's own
 * transaction; an order, which may move between warehouses, belongs to
 * its main warehouse and to every warehouse it is allocated in.
 */
#include "core_ec.h"

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
  CORE_SCOPE_PUTAWAY_TASK,
  CORE_SCOPE_PURCHASE_ORDER,
  CORE_SCOPE_ORDER,
  CORE_SCOPE_CUSTOMER,
  CORE_SCOPE_STORE,
  CORE_SCOPE_STATION,
  CORE_SCOPE_WAVE,
  CORE_SCOPE_KIND_COUNT,
};

enum core_scope_verdict {
  CORE_SCOPE_ABSENT,  /* no such record: the handler answers 404 */
  CORE_SCOPE_ALLOWED, /* the record belongs to an allowed warehouse */
  CORE_SCOPE_DENIED,  /* it belongs only to other warehouses (or none) */
};

/*
 * Whether record @a key (in: an id in decimal, or a code for stores and
 * stations) of @a kind belongs to one of the warehouses in @a allowed (in:
 * comma-separated codes). Sets @a verdict (out) on CORE_EC_OK; a key of
 * the wrong form for @a kind is CORE_SCOPE_ABSENT.
 */
enum core_ec core_scope_check(enum core_scope_kind kind, const char *key,
                              const char *allowed,
                              enum core_scope_verdict *verdict);

/* Whether @a kind is addressed by a numeric id (rather than a code). */
bool core_scope_kind_by_id(enum core_scope_kind kind);

void core_scope_register(void);

#endif
