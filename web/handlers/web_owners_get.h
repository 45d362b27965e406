#ifndef WEB_OWNERS_GET_H
#define WEB_OWNERS_GET_H
#include "web_request.h"

/* GET /api/v1/owners: stock owners, a page (?q, ?limit, ?cursor); a client sees
 * its own only. */
enum MHD_Result web_owners_get(struct web_request *req);

#endif
