#ifndef WEB_RETURNS_GET_H
#define WEB_RETURNS_GET_H
#include "web_request.h"

/* GET /api/v1/returns: a page of RMAs (state, store, q, from, to, warehouse).
 */
enum MHD_Result web_returns_get(struct web_request *req);

#endif
