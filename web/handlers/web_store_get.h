#ifndef WEB_STORE_GET_H
#define WEB_STORE_GET_H
#include "web_request.h"

/* GET /api/v1/stores/{store}: one store. */
enum MHD_Result web_store_get(struct web_request *req);

#endif
