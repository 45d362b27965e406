#include "web_owner_billing_rules_get.h"

#include "core_billing.h"
#include "web_reply.h"

enum MHD_Result
web_owner_billing_rules_get(struct web_request *req)
{
  const char *doc;
  enum core_ec ec = core_billing_rules(req->params[0], req->arena, &doc);
  if (ec == CORE_EC_NOT_FOUND)
    return web_reply_error(req, ec, NULL, "no owner %s", req->params[0]);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_text_json(req, MHD_HTTP_OK, doc);
}
