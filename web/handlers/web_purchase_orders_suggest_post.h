#ifndef WEB_PURCHASE_ORDERS_SUGGEST_POST_H
#define WEB_PURCHASE_ORDERS_SUGGEST_POST_H
#include "web_request.h"

/* POST /api/v1/purchase-orders/suggest: drafts POs for SKUs below their reorder
 * point. */
enum MHD_Result web_purchase_orders_suggest_post(struct web_request *req);

#endif
