#include "web_webhooks_get.h"

#include "core_webhook.h"
#include "web_reply.h"

enum MHD_Result
web_webhooks_get(struct web_request *req)
{
  const char *items;
  enum core_ec ec = core_webhook_list(req->arena, &items);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_page(req, items, NULL);
}
