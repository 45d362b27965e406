#include "web_layout_get.h"

#include "web_floor.h"
#include "wms_layout.h"

enum MHD_Result
web_layout_get(struct web_request *req)
{
  struct core_outcome out;
  enum core_ec ec = wms_layout_get(req->params[0], req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
