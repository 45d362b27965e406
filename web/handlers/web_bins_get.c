#include "web_bins_get.h"

#include "web_query.h"
#include "web_reply.h"
#include "wms_location.h"

enum MHD_Result
web_bins_get(struct web_request *req)
{
  struct web_cursor cur;
  enum MHD_Result ret;
  int empty = -1;
  if (!web_query_cursor_or_reply(req, &cur, &ret) ||
      !web_query_bool_or_reply(req, "empty", &empty, &ret))
    return ret;
  const char *items, *next;
  enum core_ec ec =
      wms_location_bin_list(req->params[0], web_query_text(req, "zone"), empty,
                            web_query_text(req, "sku"), cur.after, cur.limit,
                            req->arena, &items, &next);
  if (ec == CORE_EC_NOT_FOUND)
    return web_reply_error(req, ec, NULL, "no warehouse %.40s", req->params[0]);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_page(req, items, next);
}
