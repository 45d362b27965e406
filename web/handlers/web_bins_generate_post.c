#include "web_bins_generate_post.h"

#include "core_json.h"
#include "web_parse.h"
#include "web_reply.h"
#include "wms_location.h"

enum MHD_Result
web_bins_generate_post(struct web_request *req)
{
  struct wms_bin_pattern p = {
      .levels = "1",
      .positions = "1",
      .pattern = "{aisle}-{rack:02}-{level}-{position}",
      .mixed_skus = true,
  };
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("zone", &p.zone, 32)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("aisles", &p.aisles, 200)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("racks", &p.racks, 200)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("levels", &p.levels, 200)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("positions", &p.positions, 200)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("pattern", &p.pattern, 100)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("capacity_units", &p.capacity_units,
                                          1, 1000000000)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_BOOL("mixed_skus", &p.mixed_skus)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_BOOL("preview", &p.preview)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  const char *doc;
  struct wms_pattern_error perr = {NULL, ""};
  enum core_ec ec =
      wms_location_bin_generate(req->params[0], &p, req->arena, &doc, &perr);
  switch (ec) {
    case CORE_EC_OK:
      return web_reply_text_json(
          req, p.preview ? MHD_HTTP_OK : MHD_HTTP_CREATED, doc);
    case CORE_EC_NOT_FOUND:
      return web_reply_error(req, ec, NULL, "no warehouse %.40s",
                             req->params[0]);
    case CORE_EC_UNKNOWN_ZONE:
      return web_reply_error(req, ec, "zone", "no zone %s in %.40s", p.zone,
                             req->params[0]);
    case CORE_EC_INVALID_VALUE:
    case CORE_EC_TOO_MANY_BINS:
    case CORE_EC_ALREADY_EXISTS:
      return web_reply_error(req, ec, perr.field, "%s", perr.message);
    default:
      return web_reply_error(req, ec, NULL, NULL);
  }
}
