#include "web_stock_get.h"

#include "core_stock_query.h"
#include "web_owner.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_scope.h"

#include <string.h>

enum MHD_Result
web_stock_get(struct web_request *req)
{
  struct web_cursor cur;
  enum MHD_Result ret;
  if (!web_query_cursor_or_reply(req, &cur, &ret))
    return ret;
  const char *detail = web_query_text(req, "detail");
  if (detail != NULL && strcmp(detail, "bins") != 0)
    return web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, "detail",
                           "detail may only be \"bins\"");
  struct core_stock_filter f = {
      .sku = web_query_text(req, "sku"),
      .warehouse = web_query_text(req, "warehouse"),
      .bin = web_query_text(req, "bin"),
      .lot = web_query_text(req, "lot"),
      .after = cur.after,
      .limit = cur.limit,
  };
  if (!web_scope_warehouse_or_reply(req, &f.warehouse, "warehouse", &ret) ||
      !web_owner_filter_or_reply(req, web_query_text(req, "owner"), &f.owner,
                                 &ret))
    return ret;
  /* Asking for one bin or lot implies the per-bin lines. */
  f.bins = detail != NULL || f.bin != NULL || f.lot != NULL;
  const char *items, *next;
  enum core_ec ec = core_stock_query_list(&f, req->arena, &items, &next);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec,
                           ec == CORE_EC_UNKNOWN_OWNER ? "owner" : NULL, NULL);
  return web_reply_page(req, items, next);
}
