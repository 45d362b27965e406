#ifndef WEB_ZONES_GET_H
#define WEB_ZONES_GET_H
#include "web_request.h"

/* GET /api/v1/warehouses/{wh}/zones: every zone with its bin count. */
enum MHD_Result web_zones_get(struct web_request *req);

#endif
