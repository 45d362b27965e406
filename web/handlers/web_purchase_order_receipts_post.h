#ifndef WEB_PURCHASE_ORDER_RECEIPTS_POST_H
#define WEB_PURCHASE_ORDER_RECEIPTS_POST_H
#include "web_request.h"

/* POST /api/v1/purchase-orders/{id}/receipts: one receiving confirmation,
 * idempotent by key. */
enum MHD_Result web_purchase_order_receipts_post(struct web_request *req);

#endif
