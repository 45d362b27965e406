#include "web_customer_get.h"

#include "core_customer.h"
#include "web_param.h"
#include "web_reply.h"
#include "web_scope.h"

enum MHD_Result
web_customer_get(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  const char *doc;
  enum core_ec ec =
      core_customer_get(id, web_scope_allowed(req), req->arena, &doc);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_text_json(req, MHD_HTTP_OK, doc);
}
