#ifndef WEB_SCOPE_H
#define WEB_SCOPE_H
/*
 * Warehouse scope for requests that name a warehouse indirectly: in the
 * body, by default, or through a resource id. (Routes with a {wh} path
 * segment are checked by the router itself, before the handler.)
 */
#include "web_request.h"

#include <microhttpd.h>
#include <stdbool.h>
#include <stdint.h>

/* Resources addressed by id that belong to one warehouse. */
enum web_scope_kind {
  WEB_SCOPE_RESERVATION,
  WEB_SCOPE_COUNT,
  WEB_SCOPE_REPLENISH_TASK,
  WEB_SCOPE_TRANSFER, /* its destination, where it is received */
  WEB_SCOPE_PICKLIST,
  WEB_SCOPE_SHIPMENT,
  WEB_SCOPE_CARTON,
  WEB_SCOPE_EXCEPTION,
};

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
 * Checks that the caller may touch the warehouse that resource @a id of
 * @a kind belongs to. An unknown id passes (the handler answers 404).
 */
bool web_scope_resource_or_reply(struct web_request *req,
                                 enum web_scope_kind kind, int64_t id,
                                 enum MHD_Result *ret);

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

/* Whether @a route's pattern has a {wh} segment, as its first parameter. */
bool web_scope_route_has_warehouse(const char *pattern);

#endif
