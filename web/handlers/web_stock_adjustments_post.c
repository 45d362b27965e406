#include "web_stock_adjustments_post.h"

#include "core_json.h"
#include "core_stock.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_scope.h"
#include "web_stock_reply.h"

enum MHD_Result
web_stock_adjustments_post(struct web_request *req)
{
  struct core_stock_adjust_req a = {.reason = ""};
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("warehouse", &a.warehouse, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("bin", &a.bin, 32)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("sku", &a.sku, 64)),
      CORE_JSON_REQ(
          CORE_JSON_K_INT("qty_delta", &a.qty_delta, -1000000000, 1000000000)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("lot", &a.lot, 20)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DATE("expiry", &a.expiry)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("reason", &a.reason, 200)),
      /* Units in at a stated cost (opening stock): issue 22. */
      CORE_JSON_OPT(NULL,
                    CORE_JSON_K_DECIMAL("unit_cost", &a.unit_cost, 4, 10)),
      CORE_JSON_OPT(
          NULL, CORE_JSON_K_STRING("idempotency_key", &a.idempotency_key, 128)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if (!web_scope_warehouse_or_reply(req, &a.warehouse, "warehouse", &ret))
    return ret;
  if (a.qty_delta == 0)
    return web_reply_error(req, CORE_EC_OUT_OF_RANGE, "qty_delta",
                           "qty_delta must not be 0");
  struct core_stock_actor who = web_stock_actor(req);
  struct core_stock_refusal why;
  const char *doc;
  bool replayed;
  enum core_ec ec =
      core_stock_adjust(&a, &who, req->arena, &doc, &replayed, &why);
  if (ec != CORE_EC_OK)
    return web_stock_reply_refusal(req, ec, &why);
  return web_reply_text_json(req, replayed ? MHD_HTTP_OK : MHD_HTTP_CREATED,
                             doc);
}
