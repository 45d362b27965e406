#include "web_slotting_get.h"

#include "web_floor.h"
#include "web_query.h"
#include "wms_slotting.h"

enum MHD_Result
web_slotting_get(struct web_request *req)
{
  int64_t days = 30;
  enum MHD_Result ret;
  if (!web_query_int_or_reply(req, "days", 1, 365, &days, &ret))
    return ret;
  struct core_outcome out;
  enum core_ec ec = wms_slotting_get(req->params[0], days, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
