#ifndef WEB_ORDER_GET_H
#define WEB_ORDER_GET_H
#include "web_request.h"

/* GET /api/v1/orders/{id}: the order with lines and open holds. */
enum MHD_Result web_order_get(struct web_request *req);

#endif
