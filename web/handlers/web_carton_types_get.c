#include "web_carton_types_get.h"

#include "web_reply.h"
#include "wms_shipping.h"

enum MHD_Result
web_carton_types_get(struct web_request *req)
{
  const char *items;
  enum core_ec ec = wms_carton_type_list(req->arena, &items);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_page(req, items, NULL);
}
