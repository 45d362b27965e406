#include "web_bins_post.h"

#include "core_json.h"
#include "web_parse.h"
#include "web_reply.h"
#include "wms_location.h"

#include <ctype.h>

enum MHD_Result
web_bins_post(struct web_request *req)
{
  struct wms_bin b = {.pick_sequence = -1, .mixed_skus = true};
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("code", &b.code, 32)),
      CORE_JSON_REQ(CORE_JSON_K_CODE("zone", &b.zone, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("pick_sequence", &b.pick_sequence, 0,
                                          2000000000)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("capacity_units", &b.capacity_units,
                                          1, 1000000000)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_BOOL("mixed_skus", &b.mixed_skus)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_BOOL("blocked", &b.blocked)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_BOOL("mixed_owners", &b.mixed_owners)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if (!isalnum((unsigned char)b.code[0]))
    return web_reply_error(req, CORE_EC_INVALID_VALUE, "code",
                           "\"%s\" must start with a letter or digit", b.code);
  const char *doc;
  enum core_ec ec =
      wms_location_bin_create(req->params[0], &b, req->arena, &doc);
  switch (ec) {
    case CORE_EC_OK:
      return web_reply_text_json(req, MHD_HTTP_CREATED, doc);
    case CORE_EC_NOT_FOUND:
      return web_reply_error(req, ec, NULL, "no warehouse %.40s",
                             req->params[0]);
    case CORE_EC_UNKNOWN_ZONE:
      return web_reply_error(req, ec, "zone", "no zone %s in %.40s", b.zone,
                             req->params[0]);
    case CORE_EC_ALREADY_EXISTS:
      return web_reply_error(req, ec, "code", "bin %s exists already", b.code);
    default:
      return web_reply_error(req, ec, NULL, NULL);
  }
}
