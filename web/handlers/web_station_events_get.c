#include "web_station_events_get.h"

#include "web_auth.h"
#include "web_push.h"
#include "web_reply.h"
#include "wms_station.h"

enum MHD_Result
web_station_events_get(struct web_request *req)
{
  const char *wh;
  enum core_ec ec = wms_station_warehouse(req->params[0], req->arena, &wh);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  enum MHD_Result ret;
  if (!web_auth_warehouse_or_reply(req, wh, &ret))
    return ret;
  struct MHD_Response *resp = web_push_stream(req->conn, req->params[0]);
  if (resp == NULL)
    return web_reply_error(req, CORE_EC_STREAM_LIMIT, NULL, NULL);
  return web_reply_stream(req, resp, "text/event-stream; charset=utf-8");
}
