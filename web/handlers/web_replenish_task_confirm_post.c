#include "web_replenish_task_confirm_post.h"

#include "core_json.h"
#include "web_param.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_stock_reply.h"
#include "wms_replenish.h"

enum MHD_Result
web_replenish_task_confirm_post(struct web_request *req)
{
  int64_t id, qty = 0;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  const char *key = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("qty", &qty, 1, 1000000000)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("idempotency_key", &key, 128)),
      CORE_JSON_END,
  };
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  struct core_stock_actor who = web_stock_actor(req);
  struct core_stock_refusal why;
  const char *doc;
  enum core_ec ec =
      wms_replenish_confirm(id, qty, key, &who, req->arena, &doc, &why);
  if (ec == CORE_EC_CONFLICT)
    return web_reply_error(req, ec, NULL, "task %lld is not open",
                           (long long)id);
  if (ec != CORE_EC_OK)
    return web_stock_reply_refusal(req, ec, &why);
  return web_reply_text_json(req, MHD_HTTP_OK, doc);
}
