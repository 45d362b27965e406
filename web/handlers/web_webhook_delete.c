#include "web_webhook_delete.h"

#include "core_webhook.h"
#include "web_floor.h"
#include "web_param.h"

enum MHD_Result
web_webhook_delete(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  struct core_outcome out;
  enum core_ec ec = core_webhook_delete(id, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
