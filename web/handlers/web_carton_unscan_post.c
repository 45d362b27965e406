#include "web_carton_unscan_post.h"

#include "core_json.h"
#include "web_floor.h"
#include "web_param.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_scan.h"
#include "wms_pack.h"

enum MHD_Result
web_carton_unscan_post(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  struct wms_scan s = {0};
  struct web_scan code;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(WEB_SCAN_FIELD("code", &code, 512)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("qty", &s.qty, 1, 100000)),
      CORE_JSON_OPT(
          NULL, CORE_JSON_K_STRING("idempotency_key", &s.idempotency_key, 128)),
      CORE_JSON_END,
  };
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  s.code = code.code;
  s.gtin = code.gtin;
  s.lot = code.lot;
  struct core_outcome out;
  enum core_ec ec = wms_carton_unscan(id, &s, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
