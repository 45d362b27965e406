#ifndef WEB_WAREHOUSE_GET_H
#define WEB_WAREHOUSE_GET_H
#include "web_request.h"

/* GET /api/v1/warehouses/{wh}: one warehouse, or 404 not_found. */
enum MHD_Result web_warehouse_get(struct web_request *req);

#endif
