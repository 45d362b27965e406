#include "web_purchase_orders_suggest_post.h"

#include "core_json.h"
#include "core_purchase.h"
#include "web_floor.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_scope.h"
#include "web_stock_reply.h"

enum MHD_Result
web_purchase_orders_suggest_post(struct web_request *req)
{
  const char *wh = NULL;
  int64_t days = 30;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("warehouse", &wh, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("days", &days, 1, 365)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if (!web_scope_warehouse_or_reply(req, &wh, "warehouse", &ret))
    return ret;
  if (wh == NULL)
    return web_reply_error(req, CORE_EC_MISSING_FIELD, "warehouse", NULL);
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec = core_purchase_suggest(wh, days, &who, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
