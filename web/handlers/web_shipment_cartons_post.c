#include "web_shipment_cartons_post.h"

#include "core_json.h"
#include "web_floor.h"
#include "web_param.h"
#include "web_parse.h"
#include "web_reply.h"
#include "wms_pack.h"

enum MHD_Result
web_shipment_cartons_post(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  const char *type, *key = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("carton_type", &type, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("idempotency_key", &key, 128)),
      CORE_JSON_END,
  };
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  struct core_outcome out;
  enum core_ec ec = wms_carton_open(id, type, key, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
