#ifndef WMS_SCOPE_H
#define WMS_SCOPE_H
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

enum wms_scope_kind {
  WMS_SCOPE_RESERVATION,
  WMS_SCOPE_COUNT,
  WMS_SCOPE_REPLENISH_TASK,
  WMS_SCOPE_TRANSFER_TO,
  WMS_SCOPE_PICKLIST,
  WMS_SCOPE_SHIPMENT,
  WMS_SCOPE_CARTON,
  WMS_SCOPE_EXCEPTION,
  WMS_SCOPE_PUTAWAY_TASK,
  WMS_SCOPE_PURCHASE_ORDER,
  WMS_SCOPE_ORDER,
  WMS_SCOPE_CUSTOMER,
  WMS_SCOPE_STORE,
  WMS_SCOPE_STATION,
  WMS_SCOPE_WAVE,
  WMS_SCOPE_KIND_COUNT,
};

enum wms_scope_verdict {
  WMS_SCOPE_ABSENT,  /* no such record: the handler answers 404 */
  WMS_SCOPE_ALLOWED, /* the record belongs to an allowed warehouse */
  WMS_SCOPE_DENIED,  /* it belongs only to other warehouses (or none) */
};

/*
 * Whether record @a key (in: an id in decimal, or a code for stores and
 * stations) of @a kind belongs to one of the warehouses in @a allowed (in:
 * comma-separated codes). Sets @a verdict (out) on CORE_EC_OK; a key of
 * the wrong form for @a kind is WMS_SCOPE_ABSENT.
 */
enum core_ec wms_scope_check(enum wms_scope_kind kind, const char *key,
                             const char *allowed,
                             enum wms_scope_verdict *verdict);

/* Whether @a kind is addressed by a numeric id (rather than a code). */
bool wms_scope_kind_by_id(enum wms_scope_kind kind);

void wms_scope_register(void);

#endif
