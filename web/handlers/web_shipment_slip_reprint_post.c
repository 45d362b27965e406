#include "web_shipment_slip_reprint_post.h"

#include "core_json.h"
#include "web_floor.h"
#include "web_param.h"
#include "web_parse.h"
#include "web_print.h"
#include "web_reply.h"
#include "web_stock_reply.h"
#include "wms_print.h"

enum MHD_Result
web_shipment_slip_reprint_post(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  const char *key = NULL, *station = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("idempotency_key", &key, 128)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("station", &station, 32)),
      CORE_JSON_END,
  };
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec = wms_print_slip(id, station, key, &who, req->arena, &out);
  if (ec == CORE_EC_OK && !out.replayed)
    web_print_wake();
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
