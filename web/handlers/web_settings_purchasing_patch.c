#include "web_settings_purchasing_patch.h"

#include "core_json.h"
#include "core_purchase.h"
#include "web_floor.h"
#include "web_reply.h"

#include <jansson.h>

enum MHD_Result
web_settings_purchasing_patch(struct web_request *req)
{
  const char *above = NULL, *pct = NULL;
  /*
   * null removes the limit; the decimal parser takes no null, so a null
   * limit is read here and left out of what the spec sees.
   */
  bool clear = json_is_null(json_object_get(req->json, "admin_approval_above"));
  json_t *body = json_copy(req->json);
  if (clear)
    json_object_del(body, "admin_approval_above");
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL,
                    CORE_JSON_K_DECIMAL("admin_approval_above", &above, 2, 12)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DECIMAL("over_receipt_pct", &pct, 2, 3)),
      CORE_JSON_END,
  };
  struct core_json_error err;
  enum core_ec ec = core_json_parse(body, spec, true, NULL, req->arena, &err);
  json_decref(body);
  if (ec != CORE_EC_OK)
    return web_reply_json_error(req, &err);
  struct core_outcome out;
  ec = core_purchase_setting_put(above, clear, pct, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
