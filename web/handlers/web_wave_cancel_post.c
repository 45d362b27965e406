#include "web_wave_cancel_post.h"

#include "web_floor.h"
#include "web_param.h"
#include "web_reply.h"
#include "web_stock_reply.h"
#include "wms_wave.h"

enum MHD_Result
web_wave_cancel_post(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec = wms_wave_cancel(id, &who, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
