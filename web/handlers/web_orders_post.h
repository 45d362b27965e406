#ifndef WEB_ORDERS_POST_H
#define WEB_ORDERS_POST_H
#include "web_request.h"

/* POST /api/v1/orders: takes in one order; idempotent by (store, external_id).
 */
enum MHD_Result web_orders_post(struct web_request *req);

#endif
