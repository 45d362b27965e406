#ifndef WEB_WEBHOOK_WOOCOMMERCE_POST_H
#define WEB_WEBHOOK_WOOCOMMERCE_POST_H
#include "web_request.h"

/* POST /api/v1/stores/{store}/webhooks/woocommerce: a signed WooCommerce order
 * delivery (or its ping). */
enum MHD_Result web_webhook_woocommerce_post(struct web_request *req);

#endif
