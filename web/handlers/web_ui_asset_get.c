#include "web_ui_asset_get.h"

#include "web_reply.h"
#include "web_ui.h"

enum MHD_Result
web_ui_asset_get(struct web_request *req)
{
  const struct web_ui_bundle_file *f = web_ui_find(req->path);
  if (f == NULL)
    return web_reply_error(req, CORE_EC_ROUTE_NOT_FOUND, NULL,
                           "no UI file %.200s", req->path);
  return web_ui_reply(req, f);
}
