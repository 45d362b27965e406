#ifndef WEB_ORDER_SERVICES_GET_H
#define WEB_ORDER_SERVICES_GET_H
#include "web_request.h"

/* GET /api/v1/orders/{id}/services: value-added services recorded on
 * the order, and those its owner's price list offers. */
enum MHD_Result web_order_services_get(struct web_request *req);

#endif
