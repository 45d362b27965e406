#include "web_webhook_redeliver_post.h"

#include "core_webhook.h"
#include "web_floor.h"
#include "web_param.h"

enum MHD_Result
web_webhook_redeliver_post(struct web_request *req)
{
  int64_t id, delivery;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret) ||
      !web_param_id_or_reply(req, 1, &delivery, &ret))
    return ret;
  struct core_outcome out;
  enum core_ec ec = core_webhook_redeliver(id, delivery, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
