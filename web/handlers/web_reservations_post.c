#include "web_reservations_post.h"

#include "core_json.h"
#include "core_reserve.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_scope.h"
#include "web_stock_reply.h"

#include <stdio.h>

enum MHD_Result
web_reservations_post(struct web_request *req)
{
  const char *warehouse, *sku, *reference;
  int64_t qty;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("warehouse", &warehouse, 32)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("sku", &sku, 64)),
      CORE_JSON_REQ(CORE_JSON_K_INT("qty", &qty, 1, 1000000000)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("reference", &reference, 128)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if (!web_scope_warehouse_or_reply(req, &warehouse, "warehouse", &ret))
    return ret;
  struct core_stock_refusal why;
  const char *doc;
  bool replayed;
  enum core_ec ec = core_reserve_create(warehouse, sku, qty, reference,
                                        req->arena, &doc, &replayed, &why);
  if (ec == CORE_EC_INSUFFICIENT_STOCK)
    snprintf(why.detail, sizeof why.detail,
             "cannot reserve %lld of %.64s in %s: %lld available",
             (long long)qty, sku, warehouse, (long long)why.available);
  if (ec != CORE_EC_OK)
    return web_stock_reply_refusal(req, ec, &why);
  return web_reply_text_json(req, replayed ? MHD_HTTP_OK : MHD_HTTP_CREATED,
                             doc);
}
