#ifndef WEB_OWNER_H
#define WEB_OWNER_H
/*
 * Owner scope (3PL clients, issue 23 item 2). A caller bound to a stock
 * owner (a user of role client, or an API key made with --owner) sees only
 * that owner's records. As with warehouse scope (web_scope.h), every route
 * declares in the route table how it stands (`owner`, `owner_from`), and
 * the router applies it before the handler runs, so a route cannot forget
 * it: a route that declares nothing is refused to clients (403
 * owner_forbidden); a record named by the request is checked by a lead
 * statement (core_owner_lead) that answers 404 not_found for another
 * owner's record, so its existence is not revealed; a list filters by
 * web_owner_only. test_api_route_scope walks every route as a client of
 * one owner with another owner's records.
 */
#include "web_request.h"

#include <microhttpd.h>
#include <stdbool.h>
#include <stdint.h>

struct core_db_riders;
struct core_owner_lead;

enum web_owner_kind {
  WEB_OWNER_REFUSED = 0, /* the default: a client may not use the route */
  WEB_OWNER_FREE,        /* holds no owner's records (the caller's session) */
  WEB_OWNER_LIST,        /* a list the handler filters by web_owner_only */
  /* Records, by key (the order of enum core_owner_scope): */
  WEB_OWNER_OWNER,
  WEB_OWNER_SKU,
  WEB_OWNER_STORE,
  WEB_OWNER_ORDER,
  WEB_OWNER_SHIPMENT,
  WEB_OWNER_RMA,
  WEB_OWNER_PO,
};

/*
 * The router's owner check for the matched route, for a caller bound to an
 * owner (others pass untouched). Refuses a route that is not for clients
 * (403 owner_forbidden); for a record route, sets the lead in @a riders
 * (its parameters in @a lead) that makes another owner's record not_found.
 * Returns false with @a ret set when it replied.
 */
bool web_owner_route_or_reply(struct web_request *req,
                              struct core_owner_lead *lead,
                              struct core_db_riders *riders,
                              enum MHD_Result *ret);

/* The owner code a caller is bound to; NULL for staff and company keys. */
const char *web_owner_only(const struct web_request *req);

/* The owner id a caller is bound to; 0 for staff and company keys. */
int64_t web_owner_only_id(const struct web_request *req);

/*
 * The owner filter of a list: ?owner=@a given (in, may be NULL) for staff;
 * the caller's own owner for a client. A client naming another owner gets
 * an empty page: the reply is queued, @a ret set and false returned.
 * Otherwise @a code (out) is the filter (NULL: every owner).
 */
bool web_owner_filter_or_reply(struct web_request *req, const char *given,
                               const char **code, enum MHD_Result *ret);

#endif
