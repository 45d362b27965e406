#ifndef WEB_STORES_GET_H
#define WEB_STORES_GET_H
#include "web_request.h"

/* GET /api/v1/stores: every store (secrets never shown). */
enum MHD_Result web_stores_get(struct web_request *req);

#endif
