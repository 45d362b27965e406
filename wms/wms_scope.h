#ifndef WMS_SCOPE_H
#define WMS_SCOPE_H
/*
 * Which warehouses a record belongs to, for the router's access check
 * (web/web_scope.c), made as the first statement of the handler's own
 * transaction, in the round trip of its BEGIN. An order, which may move
 * between warehouses, belongs to its main warehouse and to every
 * warehouse it is allocated in; other records never change warehouse
 * (sql/procs/scope_fixed_warehouse.sql), so later transactions of the
 * same request need no second check.
 */
#include "core_ec.h"

#include <stdbool.h>

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
  WMS_SCOPE_RMA,
  WMS_SCOPE_FEEDBACK,
  WMS_SCOPE_KIND_COUNT,
};

struct core_db_rider;

/* The parameters of one lead; lives as long as the request. */
struct wms_scope_lead {
  const char *params[2];
};

/*
 * Makes @a out (the lead of the request's transactions, see core_db_ride)
 * the check that record @a key (in: an id in decimal, or a code for
 * stores and stations; borrowed) of @a kind belongs to one of the
 * warehouses in @a allowed (in: comma-separated codes; borrowed), its
 * parameters kept in @a lead. When the record exists and belongs only to
 * other warehouses (or none), the lead aborts the handler's first
 * transaction and it ends in CORE_EC_WAREHOUSE_FORBIDDEN. Returns false,
 * with no lead, for a key of the wrong form for @a kind: no such record.
 */
bool wms_scope_lead(enum wms_scope_kind kind, const char *key,
                    const char *allowed, struct wms_scope_lead *lead,
                    struct core_db_rider *out);

/* Whether @a kind is addressed by a numeric id (rather than a code). */
bool wms_scope_kind_by_id(enum wms_scope_kind kind);

void wms_scope_register(void);

#endif
