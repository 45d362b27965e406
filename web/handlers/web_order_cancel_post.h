#ifndef WEB_ORDER_CANCEL_POST_H
#define WEB_ORDER_CANCEL_POST_H
#include "web_request.h"

/* POST /api/v1/orders/{id}/cancel: releases its reservations. */
enum MHD_Result web_order_cancel_post(struct web_request *req);

#endif
