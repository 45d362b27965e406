#include "web_waves_post.h"

#include "core_json.h"
#include "web_floor.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_scope.h"
#include "web_stock_reply.h"
#include "wms_wave.h"

static const char *const line_kinds[] = {"single", "multi", NULL};

enum MHD_Result
web_waves_post(struct web_request *req)
{
  struct wms_wave_req r = {.batch_size = 10, .max_orders = 200};
  int lines = -1;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("warehouse", &r.warehouse, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("store", &r.store, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("carrier", &r.carrier, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_TIMESTAMP("cutoff", &r.cutoff)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CHOICE("lines", &lines, line_kinds)),
      CORE_JSON_OPT(NULL,
                    CORE_JSON_K_INT("min_priority", &r.min_priority, 0, 9)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("batch_size", &r.batch_size, 1, 100)),
      CORE_JSON_OPT(NULL,
                    CORE_JSON_K_INT("max_orders", &r.max_orders, 1, 20000)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_BOOL("zone_picking", &r.zone_picking)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if (!web_scope_warehouse_or_reply(req, &r.warehouse, "warehouse", &ret))
    return ret;
  if (r.warehouse == NULL)
    return web_reply_error(req, CORE_EC_MISSING_FIELD, "warehouse",
                           "a wave belongs to one warehouse: name it");
  if (lines >= 0)
    r.lines = line_kinds[lines];
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec = wms_wave_create(&r, &who, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
