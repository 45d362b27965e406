#include "web_stock_low_get.h"

#include "core_stock_query.h"
#include "web_query.h"
#include "web_reply.h"

enum MHD_Result
web_stock_low_get(struct web_request *req)
{
  const char *items;
  enum core_ec ec = core_stock_query_low(web_query_text(req, "warehouse"),
                                         req->arena, &items);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_page(req, items, NULL);
}
