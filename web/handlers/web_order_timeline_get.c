#include "web_order_timeline_get.h"

#include "core_order.h"
#include "web_param.h"
#include "web_reply.h"

enum MHD_Result
web_order_timeline_get(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  const char *doc;
  enum core_ec ec = core_order_timeline(id, req->arena, &doc);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_page(req, doc, NULL);
}
