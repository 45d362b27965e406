#include "web_feedback_reply_post.h"

#include "core_crm.h"
#include "core_json.h"
#include "web_floor.h"
#include "web_param.h"
#include "web_parse.h"
#include "web_stock_reply.h"

#include <jansson.h>
#include <stdlib.h>

enum MHD_Result
web_feedback_reply_post(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  const char *text, *key = NULL;
  bool internal = false;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("text", &text, 4000)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_BOOL("internal", &internal)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("idempotency_key", &key, 128)),
      CORE_JSON_END,
  };
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  json_t *d = json_pack("{s:s, s:b}", "text", text, "internal", internal);
  char *doc = json_dumps(d, JSON_COMPACT);
  json_decref(d);
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec =
      core_crm_feedback_reply(id, doc, key, who.user_id, req->arena, &out);
  free(doc);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
