#ifndef WEB_PURCHASE_ORDER_STEP_POST_H
#define WEB_PURCHASE_ORDER_STEP_POST_H
#include "web_request.h"

/* POST /api/v1/purchase-orders/{id}/submit|approve|send|cancel|close: one state
 * step (the last path segment). */
enum MHD_Result web_purchase_order_step_post(struct web_request *req);

#endif
