#include "web_owner_statement_facts_get.h"

#include "core_billing.h"
#include "web_param.h"
#include "web_reply.h"

enum MHD_Result
web_owner_statement_facts_get(struct web_request *req)
{
  int64_t id, n;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 1, &id, &ret) ||
      !web_param_id_or_reply(req, 2, &n, &ret))
    return ret;
  const char *doc;
  enum core_ec ec = core_billing_facts(req->params[0], id, n, req->arena, &doc);
  if (ec == CORE_EC_NOT_FOUND)
    return web_reply_error(req, ec, NULL,
                           "statement %lld of owner %s has no "
                           "line %lld",
                           (long long)id, req->params[0], (long long)n);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_text_json(req, MHD_HTTP_OK, doc);
}
