#include "web_order_hold_post.h"

#include "core_json.h"
#include "core_order.h"
#include "web_param.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_stock_reply.h"

enum MHD_Result
web_order_hold_post(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  const char *note = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("note", &note, 200)),
      CORE_JSON_END,
  };
  /* The body is optional: no body is a hold without a note. */
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  struct core_stock_actor who = web_stock_actor(req);
  const char *doc;
  enum core_ec ec = core_order_hold(id, note, &who, req->arena, &doc);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_text_json(req, MHD_HTTP_OK, doc);
}
