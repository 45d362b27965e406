#ifndef WEB_WEBHOOK_SHOPIFY_POST_H
#define WEB_WEBHOOK_SHOPIFY_POST_H
#include "web_request.h"

/* POST /api/v1/stores/{store}/webhooks/shopify: a signed Shopify orders/create
 * delivery. */
enum MHD_Result web_webhook_shopify_post(struct web_request *req);

#endif
