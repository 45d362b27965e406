#ifndef WEB_ORDER_HOLD_POST_H
#define WEB_ORDER_HOLD_POST_H
#include "web_request.h"

/*
 * POST /api/v1/orders/{id}/hold: the back office holds an order that is
 * not yet on the floor (optional body {"note"}); waves skip it, its
 * reservations stay, until POST …/release.
 */
enum MHD_Result web_order_hold_post(struct web_request *req);

#endif
