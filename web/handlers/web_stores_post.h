#ifndef WEB_STORES_POST_H
#define WEB_STORES_POST_H
#include "web_request.h"

/* POST /api/v1/stores
 * {code,name,channel,warehouse,webhook_secret,currency,price_tolerance,carrier}:
 * 201. */
enum MHD_Result web_stores_post(struct web_request *req);

#endif
