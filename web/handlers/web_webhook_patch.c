#include "web_webhook_patch.h"

#include "core_webhook.h"
#include "web_param.h"
#include "web_webhooks.h"

enum MHD_Result
web_webhook_patch(struct web_request *req)
{
  int64_t id;
  const char *doc, *secret;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret) ||
      !web_webhooks_input_or_reply(req, false, &doc, &secret, &ret))
    return ret;
  struct core_outcome out;
  enum core_ec ec = core_webhook_save(id, doc, secret, web_webhooks_user(req),
                                      req->arena, &out);
  /* A new secret was chosen by the caller: it is not echoed. */
  return web_webhooks_reply(req, ec, &out, MHD_HTTP_OK, NULL);
}
