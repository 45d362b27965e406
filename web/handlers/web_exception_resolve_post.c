#include "web_exception_resolve_post.h"

#include "core_json.h"
#include "web_floor.h"
#include "web_param.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_stock_reply.h"
#include "wms_exception.h"

enum MHD_Result
web_exception_resolve_post(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  struct wms_resolve_req r = {0};
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("action", &r.action, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("bin", &r.bin, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("note", &r.note, 500)),
      CORE_JSON_OPT(
          NULL, CORE_JSON_K_STRING("idempotency_key", &r.idempotency_key, 128)),
      CORE_JSON_END,
  };
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec = wms_exception_resolve(id, &r, &who, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
