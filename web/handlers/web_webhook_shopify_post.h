#ifndef WEB_WEBHOOK_SHOPIFY_POST_H
#define WEB_WEBHOOK_SHOPIFY_POST_H
#include "web_request.h"

/* POST /api/v1/stores/{store}/webhooks/shopify: a signed Shopify orders/create
 * (or orders/updated, orders/cancelled) delivery; with X-Shopify-Topic
 * refunds/create, a refund that goes to the order's return. */
enum MHD_Result web_webhook_shopify_post(struct web_request *req);

#endif
