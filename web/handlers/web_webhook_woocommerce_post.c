#include "web_webhook_woocommerce_post.h"

#include "web_channel_refund.h"
#include "web_order_input.h"
#include "web_reply.h"
#include "web_webhook.h"

#include <string.h>

enum MHD_Result
web_webhook_woocommerce_post(struct web_request *req)
{
  /* WooCommerce's first delivery is a form-encoded ping: acknowledge it. */
  if (req->body != NULL && strncmp(req->body, "webhook_id=", 11) == 0)
    return web_reply_pack(req, MHD_HTTP_OK, "{s:b}", "ping", 1);
  /* An order moving to refunded after it shipped also refunds its return. */
  return web_webhook_order_refund(req, "woocommerce", "X-WC-Webhook-Signature",
                                  web_order_input_woocommerce,
                                  web_channel_refund_woocommerce);
}
