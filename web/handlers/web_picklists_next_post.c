#include "web_picklists_next_post.h"

#include "core_json.h"
#include "web_floor.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_scope.h"
#include "web_stock_reply.h"
#include "wms_wave.h"

enum MHD_Result
web_picklists_next_post(struct web_request *req)
{
  const char *wh = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("warehouse", &wh, 32)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if (req->principal.kind != CORE_PRINCIPAL_USER)
    return web_reply_error(req, CORE_EC_FORBIDDEN, NULL,
                           "pick lists are claimed by a person, not a key");
  if (!web_scope_warehouse_or_reply(req, &wh, "warehouse", &ret))
    return ret;
  if (wh == NULL)
    return web_reply_error(req, CORE_EC_MISSING_FIELD, "warehouse",
                           "name the warehouse you pick in");
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec = wms_picklist_next(wh, &who, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
