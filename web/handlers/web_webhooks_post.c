#include "web_webhooks_post.h"

#include "core_webhook.h"
#include "web_webhooks.h"

enum MHD_Result
web_webhooks_post(struct web_request *req)
{
  const char *doc, *secret;
  enum MHD_Result ret;
  if (!web_webhooks_input_or_reply(req, true, &doc, &secret, &ret))
    return ret;
  /* No secret given: one is made, and this reply is the only place it is
     ever shown. */
  if (secret == NULL)
    secret = core_webhook_secret_new(req->arena);
  struct core_outcome out;
  enum core_ec ec = core_webhook_save(0, doc, secret, web_webhooks_user(req),
                                      req->arena, &out);
  return web_webhooks_reply(req, ec, &out, MHD_HTTP_CREATED, secret);
}
