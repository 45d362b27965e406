#ifndef WEB_LAYOUT_GET_H
#define WEB_LAYOUT_GET_H
#include "web_request.h"

/* GET /api/v1/warehouses/{wh}/layout: zones, layouts, bays and occupancy */
enum MHD_Result web_layout_get(struct web_request *req);

#endif
