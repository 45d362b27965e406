#include "web_devices_get.h"

#include "web_query.h"
#include "web_reply.h"
#include "wms_station.h"

enum MHD_Result
web_devices_get(struct web_request *req)
{
  const char *items;
  enum core_ec ec =
      wms_device_list(web_query_text(req, "station"), req->arena, &items);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_page(req, items, NULL);
}
