#ifndef WEB_ORDER_SERVICES_POST_H
#define WEB_ORDER_SERVICES_POST_H
#include "web_request.h"

/* POST /api/v1/orders/{id}/services: records a value-added service
 * (labelling, kitting, gift wrap...) done for the order. */
enum MHD_Result web_order_services_post(struct web_request *req);

#endif
