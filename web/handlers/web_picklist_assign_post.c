#include "web_picklist_assign_post.h"

#include "core_json.h"
#include "web_floor.h"
#include "web_param.h"
#include "web_parse.h"
#include "web_reply.h"
#include "wms_wave.h"

#include <jansson.h>

enum MHD_Result
web_picklist_assign_post(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  const char *picker = NULL;
  bool given = false;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(&given, CORE_JSON_K_STRING("picker", &picker, 64)),
      CORE_JSON_END,
  };
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if (json_object_get(req->json, "picker") == NULL)
    return web_reply_error(req, CORE_EC_MISSING_FIELD, "picker",
                           "give a username, or null to release the list");
  struct core_outcome out;
  enum core_ec ec = wms_picklist_assign(id, picker, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
