#include "web_station_scans_post.h"

#include "core_json.h"
#include "web_auth.h"
#include "web_floor.h"
#include "web_parse.h"
#include "web_reply.h"
#include "wms_station.h"

enum MHD_Result
web_station_scans_post(struct web_request *req)
{
  const char *code, *device = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("code", &code, 512)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("device", &device, 64)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  const char *wh;
  enum core_ec ec = wms_station_warehouse(req->params[0], req->arena, &wh);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  if (!web_auth_warehouse_or_reply(req, wh, &ret))
    return ret;
  struct core_outcome out;
  ec = wms_station_scan(req->params[0], device, code, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_ACCEPTED);
}
