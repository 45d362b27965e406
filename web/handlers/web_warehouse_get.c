#include "web_warehouse_get.h"

#include "core_warehouse.h"
#include "web_auth.h"
#include "web_render.h"
#include "web_reply.h"

enum MHD_Result
web_warehouse_get(struct web_request *req)
{
  const char *code = req->params[0];
  enum MHD_Result ret;
  if (!web_auth_warehouse_or_reply(req, code, &ret))
    return ret;
  struct core_warehouse w;
  enum core_ec ec = core_warehouse_get(code, req->arena, &w);
  if (ec == CORE_EC_NOT_FOUND)
    return web_reply_error(req, ec, NULL, "no warehouse %.40s", code);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_json_steal(req, MHD_HTTP_OK, web_render_warehouse(&w));
}
