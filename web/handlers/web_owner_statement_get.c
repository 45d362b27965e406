#include "web_owner_statement_get.h"

#include "core_billing.h"
#include "web_param.h"
#include "web_reply.h"

enum MHD_Result
web_owner_statement_get(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 1, &id, &ret))
    return ret;
  const char *doc;
  enum core_ec ec =
      core_billing_statement(req->params[0], id, req->arena, &doc);
  if (ec == CORE_EC_NOT_FOUND)
    return web_reply_error(req, ec, NULL, "no statement %lld of owner %s",
                           (long long)id, req->params[0]);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_text_json(req, MHD_HTTP_OK, doc);
}
