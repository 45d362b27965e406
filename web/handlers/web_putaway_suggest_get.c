#include "web_putaway_suggest_get.h"

#include "web_query.h"
#include "web_reply.h"
#include "web_scope.h"
#include "wms_putaway.h"

enum MHD_Result
web_putaway_suggest_get(struct web_request *req)
{
  const char *wh = web_query_text(req, "warehouse");
  const char *sku = web_query_text(req, "sku");
  if (wh == NULL || sku == NULL)
    return web_reply_error(req, CORE_EC_BAD_QUERY_PARAM,
                           wh == NULL ? "warehouse" : "sku",
                           "warehouse and sku are required");
  int64_t qty = 1, limit = 5;
  enum MHD_Result ret;
  if (!web_scope_warehouse_or_reply(req, &wh, "warehouse", &ret))
    return ret;
  if (!web_query_int_or_reply(req, "qty", 1, 1000000000, &qty, &ret) ||
      !web_query_int_or_reply(req, "limit", 1, 50, &limit, &ret))
    return ret;
  const char *items;
  enum core_ec ec =
      wms_putaway_suggest(wh, sku, qty, limit, req->arena, &items);
  if (ec == CORE_EC_UNKNOWN_WAREHOUSE || ec == CORE_EC_UNKNOWN_SKU)
    return web_reply_error(
        req, ec, ec == CORE_EC_UNKNOWN_SKU ? "sku" : "warehouse", NULL);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_page(req, items, NULL);
}
