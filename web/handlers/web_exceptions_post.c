#include "web_exceptions_post.h"

#include "core_json.h"
#include "web_floor.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_scope.h"
#include "web_stock_reply.h"
#include "wms_exception.h"

static const char *const report_kinds[] = {"damaged", NULL};

enum MHD_Result
web_exceptions_post(struct web_request *req)
{
  struct wms_damage_req r = {0};
  int kind = 0;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CHOICE("kind", &kind, report_kinds)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("warehouse", &r.warehouse, 32)),
      CORE_JSON_REQ(CORE_JSON_K_CODE("location", &r.location, 32)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("sku", &r.sku, 64)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("lot", &r.lot, 20)),
      CORE_JSON_REQ(CORE_JSON_K_INT("qty", &r.qty, 1, 1000000)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("note", &r.note, 500)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if (!web_scope_warehouse_or_reply(req, &r.warehouse, "warehouse", &ret))
    return ret;
  if (r.warehouse == NULL)
    return web_reply_error(req, CORE_EC_MISSING_FIELD, "warehouse", NULL);
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec = wms_exception_report(&r, &who, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
