#include "web_count_line_approve_post.h"

#include "web_param.h"
#include "web_reply.h"
#include "web_stock_reply.h"
#include "wms_count.h"

enum MHD_Result
web_count_line_approve_post(struct web_request *req)
{
  int64_t id, line;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret) ||
      !web_param_id_or_reply(req, 1, &line, &ret))
    return ret;
  struct core_stock_actor who = web_stock_actor(req);
  const char *doc;
  enum core_ec ec = wms_count_decide(id, line, true, &who, req->arena, &doc);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_text_json(req, MHD_HTTP_OK, doc);
}
