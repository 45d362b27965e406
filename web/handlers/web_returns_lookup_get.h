#ifndef WEB_RETURNS_LOOKUP_GET_H
#define WEB_RETURNS_LOOKUP_GET_H
#include "web_request.h"

/* GET /api/v1/returns/lookup?code=: the RMA and order a parcel's code belongs
 * to. */
enum MHD_Result web_returns_lookup_get(struct web_request *req);

#endif
