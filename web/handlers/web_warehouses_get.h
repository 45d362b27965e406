#ifndef WEB_WAREHOUSES_GET_H
#define WEB_WAREHOUSES_GET_H
#include "web_request.h"

/* GET /api/v1/warehouses?q=&limit=&offset=: one page of warehouses by code. */
enum MHD_Result web_warehouses_get(struct web_request *req);

#endif
