#ifndef WEB_SCOPE_H
#define WEB_SCOPE_H
/*
 * Warehouse scope. Every route declares in the route table how the
 * warehouse it touches is found (`scope`, `scope_from`); the router checks
 * a warehouse-limited user against it before the handler runs, so a route
 * cannot forget the rule (test_web_routes fails on an undeclared route,
 * test_api_route_scope walks every route with another warehouse's ids).
 */
#include "web_request.h"

#include <microhttpd.h>
#include <stdbool.h>
#include <stdint.h>

struct core_db_riders;
struct wms_scope_lead;

enum web_scope_kind {
  WEB_SCOPE_UNDECLARED = 0, /* never valid: every route must say */
  WEB_SCOPE_NONE,           /* touches no warehouse's records */
  WEB_SCOPE_CALLER,         /* a list the handler filters by the caller's
                               warehouses (web_scope_allowed) */
  WEB_SCOPE_IN_HANDLER,     /* a scanned code: the handler's transaction
                               finds the warehouse and checks it */
  WEB_SCOPE_WAREHOUSE,      /* a warehouse code */
  /* Records, by id or code (the order of enum wms_scope_kind): */
  WEB_SCOPE_RESERVATION,
  WEB_SCOPE_COUNT,
  WEB_SCOPE_REPLENISH_TASK,
  WEB_SCOPE_TRANSFER, /* its destination, where it is received */
  WEB_SCOPE_PICKLIST,
  WEB_SCOPE_SHIPMENT,
  WEB_SCOPE_CARTON,
  WEB_SCOPE_EXCEPTION,
  WEB_SCOPE_PUTAWAY_TASK,
  WEB_SCOPE_PURCHASE_ORDER,
  WEB_SCOPE_ORDER,
  WEB_SCOPE_CUSTOMER,
  WEB_SCOPE_STORE,
  WEB_SCOPE_STATION,
  WEB_SCOPE_WAVE,
  WEB_SCOPE_RMA,
  WEB_SCOPE_FEEDBACK, /* a ticket: its store's warehouse or its order's */
};

/*
 * The router's check for the matched route: finds the key (first path
 * parameter, "?name" query parameter or body field "name"). A warehouse
 * code is checked here: a warehouse-limited caller naming another is
 * refused 403 warehouse_forbidden. A record is checked by the lead it
 * sets in @a riders (its parameters in @a lead): the first statement of
 * the handler's first transaction, which that way ends in
 * warehouse_forbidden before anything else runs. An absent key or record
 * passes (the handler fills a default or answers 404). Returns false
 * with @a ret set when it replied.
 */
bool web_scope_route_or_reply(struct web_request *req,
                              struct wms_scope_lead *lead,
                              struct core_db_riders *riders,
                              enum MHD_Result *ret);

/*
 * Checks the warehouse in @a code (in,out). Given: the caller must be
 * allowed it (403). Absent: a caller limited to one warehouse gets that
 * one filled in; one limited to several must name it (422 missing_field
 * @a field); an unlimited caller keeps NULL, meaning all. Returns false
 * with @a ret set when it replied.
 */
bool web_scope_warehouse_or_reply(struct web_request *req, const char **code,
                                  const char *field, enum MHD_Result *ret);

/*
 * The warehouses the caller is limited to, comma-separated, for lists to
 * filter by (WEB_SCOPE_CALLER routes); NULL when the caller sees all.
 */
const char *web_scope_allowed(const struct web_request *req);

/*
 * The supplier a caller is limited to: a supplier's API key sees only
 * that supplier's documents. 0 for everyone else.
 */
int64_t web_scope_supplier(const struct web_request *req);

/*
 * A purchase order document, or an array of them, @a doc (in, JSON text)
 * as the caller may see it: unchanged for holders of purchasing.read
 * (supplier keys included); otherwise without "total" and the lines'
 * "unit_cost" (a lead receives by open quantities, costs are not theirs).
 * Returns @a doc itself or a copy in the request arena.
 */
const char *web_scope_po_costs(const struct web_request *req, const char *doc);

#endif
