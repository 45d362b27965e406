#include "web_zones_post.h"

#include "core_json.h"
#include "web_parse.h"
#include "web_reply.h"
#include "wms_location.h"

enum MHD_Result
web_zones_post(struct web_request *req)
{
  const char *code, *name = "";
  int type = 0;
  bool mixed_owners = false;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("code", &code, 32)),
      CORE_JSON_REQ(CORE_JSON_K_CHOICE("type", &type, wms_location_zone_types)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("name", &name, 100)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_BOOL("mixed_owners", &mixed_owners)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  const char *doc;
  enum core_ec ec = wms_location_zone_create(req->params[0], code, type, name,
                                             mixed_owners, req->arena, &doc);
  switch (ec) {
    case CORE_EC_OK:
      return web_reply_text_json(req, MHD_HTTP_CREATED, doc);
    case CORE_EC_NOT_FOUND:
      return web_reply_error(req, ec, NULL, "no warehouse %.40s",
                             req->params[0]);
    case CORE_EC_ALREADY_EXISTS:
      return web_reply_error(req, ec, "code", "zone %s exists already", code);
    default:
      return web_reply_error(req, ec, NULL, NULL);
  }
}
