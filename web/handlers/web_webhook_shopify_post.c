#include "web_webhook_shopify_post.h"

#include "web_channel_refund.h"
#include "web_order_input.h"
#include "web_webhook.h"

#include <string.h>

enum MHD_Result
web_webhook_shopify_post(struct web_request *req)
{
  /* One URL for the store's topics: a refund is not an order. */
  const char *topic = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND,
                                                  "X-Shopify-Topic");
  if (topic != NULL && strcmp(topic, "refunds/create") == 0)
    return web_webhook_refund(req, "shopify", "X-Shopify-Hmac-Sha256",
                              web_channel_refund_shopify);
  return web_webhook_order(req, "shopify", "X-Shopify-Hmac-Sha256",
                           web_order_input_shopify);
}
