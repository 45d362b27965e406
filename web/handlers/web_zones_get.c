#include "web_zones_get.h"

#include "web_reply.h"
#include "wms_location.h"

#include "core_arena.h"

enum MHD_Result
web_zones_get(struct web_request *req)
{
  const char *items;
  enum core_ec ec = wms_location_zone_list(req->params[0], req->arena, &items);
  if (ec == CORE_EC_NOT_FOUND)
    return web_reply_error(req, ec, NULL, "no warehouse %.40s", req->params[0]);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_page(req, items, NULL);
}
