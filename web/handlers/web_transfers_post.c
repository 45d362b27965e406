#include "web_transfers_post.h"

#include "core_json.h"
#include "core_transfer.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_scope.h"
#include "web_stock_reply.h"

enum MHD_Result
web_transfers_post(struct web_request *req)
{
  struct core_transfer_req t = {0};
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("sku", &t.sku, 64)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("lot", &t.lot, 20)),
      CORE_JSON_REQ(CORE_JSON_K_CODE("from_warehouse", &t.from_warehouse, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("from_bin", &t.from_bin, 32)),
      CORE_JSON_REQ(CORE_JSON_K_CODE("to_warehouse", &t.to_warehouse, 32)),
      CORE_JSON_REQ(CORE_JSON_K_INT("qty", &t.qty, 1, 1000000000)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DECIMAL("freight", &t.freight, 2, 12)),
      CORE_JSON_OPT(
          NULL, CORE_JSON_K_STRING("idempotency_key", &t.idempotency_key, 128)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if (!web_scope_warehouse_or_reply(req, &t.from_warehouse, "from_warehouse",
                                    &ret))
    return ret;
  struct core_stock_actor who = web_stock_actor(req);
  struct core_stock_refusal why;
  const char *doc;
  bool replayed;
  enum core_ec ec =
      core_transfer_ship(&t, &who, req->arena, &doc, &replayed, &why);
  if (ec != CORE_EC_OK)
    return web_stock_reply_refusal(req, ec, &why);
  return web_reply_text_json(req, replayed ? MHD_HTTP_OK : MHD_HTTP_CREATED,
                             doc);
}
