#ifndef WEB_ORDER_RELEASE_POST_H
#define WEB_ORDER_RELEASE_POST_H
#include "web_request.h"

/* POST /api/v1/orders/{id}/release: releases holds and allocates again. */
enum MHD_Result web_order_release_post(struct web_request *req);

#endif
