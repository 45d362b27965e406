#ifndef WEB_ORDER_PATCH_H
#define WEB_ORDER_PATCH_H
#include "web_request.h"

/*
 * PATCH /api/v1/orders/{id} {"ship_to":{…},"lines":[{"line","sku"}]}:
 * the back office fixes an order on hold (then releases it).
 */
enum MHD_Result web_order_patch(struct web_request *req);

#endif
