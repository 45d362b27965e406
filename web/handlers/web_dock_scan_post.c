#include "web_dock_scan_post.h"

#include "web_floor.h"
#include "web_parse.h"
#include "web_scan.h"
#include "web_scope.h"
#include "web_stock_reply.h"
#include "wms_pack.h"

enum MHD_Result
web_dock_scan_post(struct web_request *req)
{
  const char *wh = NULL, *key = NULL;
  struct web_scan code;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(WEB_SCAN_FIELD("code", &code, 100)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("warehouse", &wh, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("idempotency_key", &key, 128)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if (!web_scope_warehouse_or_reply(req, &wh, "warehouse", &ret))
    return ret;
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec = wms_dock_scan(wh, code.sscc != NULL ? code.sscc : code.code,
                                  key, &who, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
