#ifndef WEB_ORDER_TIMELINE_GET_H
#define WEB_ORDER_TIMELINE_GET_H
#include "web_request.h"

/* GET /api/v1/orders/{id}/timeline: every state change with time and user. */
enum MHD_Result web_order_timeline_get(struct web_request *req);

#endif
