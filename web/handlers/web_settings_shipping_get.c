#include "web_settings_shipping_get.h"

#include "web_floor.h"
#include "web_reply.h"
#include "wms_shipping.h"

enum MHD_Result
web_settings_shipping_get(struct web_request *req)
{
  struct core_outcome out;
  enum core_ec ec = wms_settings_shipping_get(req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
