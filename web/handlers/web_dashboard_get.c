#include "web_dashboard_get.h"

#include "core_dashboard.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_scope.h"

enum MHD_Result
web_dashboard_get(struct web_request *req)
{
  enum MHD_Result ret;
  const char *wh = web_query_text(req, "warehouse");
  if (!web_scope_warehouse_or_reply(req, &wh, "warehouse", &ret))
    return ret;
  const char *doc;
  enum core_ec ec = core_dashboard_get(wh, req->arena, &doc);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_text_json(req, MHD_HTTP_OK, doc);
}
