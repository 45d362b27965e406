#ifndef WEB_PURCHASE_ORDERS_POST_H
#define WEB_PURCHASE_ORDERS_POST_H
#include "web_request.h"

/* POST /api/v1/purchase-orders: drafts a purchase order (201). */
enum MHD_Result web_purchase_orders_post(struct web_request *req);

#endif
