#include "web_webhook_shopify_post.h"

#include "web_order_input.h"
#include "web_webhook.h"

enum MHD_Result
web_webhook_shopify_post(struct web_request *req)
{
  return web_webhook_order(req, "shopify", "X-Shopify-Hmac-Sha256",
                           web_order_input_shopify);
}
