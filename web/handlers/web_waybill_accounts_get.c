#include "web_waybill_accounts_get.h"

#include "core_waybill.h"
#include "web_floor.h"

enum MHD_Result
web_waybill_accounts_get(struct web_request *req)
{
  struct core_outcome out;
  enum core_ec ec = core_waybill_accounts_get(req->params[0], req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
