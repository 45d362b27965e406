#ifndef WEB_PURCHASE_ORDER_GET_H
#define WEB_PURCHASE_ORDER_GET_H
#include "web_request.h"

/* GET /api/v1/purchase-orders/{id}: one PO (another supplier's is 404 to a
 * supplier key). */
enum MHD_Result web_purchase_order_get(struct web_request *req);

#endif
