#ifndef WEB_PURCHASE_ORDERS_GET_H
#define WEB_PURCHASE_ORDERS_GET_H
#include "web_request.h"

/* GET /api/v1/purchase-orders?supplier=&state=: newest first, keyset-paged (a
 * supplier key: its own). */
enum MHD_Result web_purchase_orders_get(struct web_request *req);

#endif
