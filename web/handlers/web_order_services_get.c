#include "web_order_services_get.h"

#include "core_billing.h"
#include "web_param.h"
#include "web_reply.h"

enum MHD_Result
web_order_services_get(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  const char *doc;
  enum core_ec ec = core_billing_services(id, req->arena, &doc);
  if (ec == CORE_EC_NOT_FOUND)
    return web_reply_error(req, ec, NULL, "no order %lld", (long long)id);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_text_json(req, MHD_HTTP_OK, doc);
}
