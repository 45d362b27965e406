#include "web_count_entries_post.h"

#include "core_json.h"
#include "web_param.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_stock_reply.h"
#include "wms_count.h"

enum MHD_Result
web_count_entries_post(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  struct wms_count_entry e = {0};
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("bin", &e.bin, 32)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("sku", &e.sku, 64)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("lot", &e.lot, 20)),
      CORE_JSON_REQ(CORE_JSON_K_INT("qty", &e.qty, 0, 1000000000)),
      CORE_JSON_OPT(
          NULL, CORE_JSON_K_STRING("idempotency_key", &e.idempotency_key, 128)),
      CORE_JSON_END,
  };
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  struct core_stock_actor who = web_stock_actor(req);
  struct core_stock_refusal why;
  const char *doc;
  enum core_ec ec = wms_count_enter(id, &e, &who, req->arena, &doc, &why);
  if (ec != CORE_EC_OK)
    return web_stock_reply_refusal(req, ec, &why);
  return web_reply_text_json(req, MHD_HTTP_OK, doc);
}
