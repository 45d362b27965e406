#ifndef WEB_ZONES_POST_H
#define WEB_ZONES_POST_H
#include "web_request.h"

/* POST /api/v1/warehouses/{wh}/zones {code,type,name}: 201 with the zone. */
enum MHD_Result web_zones_post(struct web_request *req);

#endif
