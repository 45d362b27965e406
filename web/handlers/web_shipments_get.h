#ifndef WEB_SHIPMENTS_GET_H
#define WEB_SHIPMENTS_GET_H
#include "web_request.h"

/*
 * GET /api/v1/shipments?warehouse=&state=&limit=&cursor=: the dock's
 * shipments, newest first, keyset pages (`next` is the cursor).
 */
enum MHD_Result web_shipments_get(struct web_request *req);

#endif
