#ifndef WEB_LAYOUT_PUT_H
#define WEB_LAYOUT_PUT_H
#include "web_request.h"

/* PUT /api/v1/warehouses/{wh}/layout: routing method and zone layouts */
enum MHD_Result web_layout_put(struct web_request *req);

#endif
