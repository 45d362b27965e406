#include "web_carton_types_post.h"

#include "core_json.h"
#include "web_floor.h"
#include "web_parse.h"
#include "web_reply.h"
#include "wms_shipping.h"

enum MHD_Result
web_carton_types_post(struct web_request *req)
{
  const char *code, *name = NULL, *cost = NULL;
  int64_t tare, max_g = 0;
  bool active = true;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("code", &code, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("name", &name, 200)),
      CORE_JSON_REQ(CORE_JSON_K_INT("tare_g", &tare, 0, 100000)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("max_weight_g", &max_g, 1, 1000000)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_BOOL("active", &active)),
      /* What one carton costs: packaging in an order's margin. */
      CORE_JSON_OPT(NULL, CORE_JSON_K_DECIMAL("cost", &cost, 2, 8)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  struct core_outcome out;
  enum core_ec ec = wms_carton_type_put(code, name, tare, max_g, active, cost,
                                        req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
