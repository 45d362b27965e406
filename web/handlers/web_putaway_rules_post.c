#include "web_putaway_rules_post.h"

#include "core_json.h"
#include "web_parse.h"
#include "web_reply.h"
#include "wms_putaway.h"

enum MHD_Result
web_putaway_rules_post(struct web_request *req)
{
  struct wms_putaway_rule r = {.priority = 100};
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("sku", &r.sku, 64)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("category", &r.category, 100)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("zone", &r.zone, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("bin", &r.bin, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("priority", &r.priority, 0, 1000000)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if ((r.sku == NULL) == (r.category == NULL))
    return web_reply_error(req, CORE_EC_INVALID_VALUE, "sku",
                           "give exactly one of sku and category");
  if ((r.zone == NULL) == (r.bin == NULL))
    return web_reply_error(req, CORE_EC_INVALID_VALUE, "zone",
                           "give exactly one of zone and bin");
  const char *doc;
  enum core_ec ec =
      wms_putaway_rule_create(req->params[0], &r, req->arena, &doc);
  switch (ec) {
    case CORE_EC_OK:
      return web_reply_text_json(req, MHD_HTTP_CREATED, doc);
    case CORE_EC_NOT_FOUND:
      return web_reply_error(req, ec, NULL, "no warehouse %.40s",
                             req->params[0]);
    case CORE_EC_UNKNOWN_SKU:
      return web_reply_error(req, ec, "sku", "no SKU %s", r.sku);
    case CORE_EC_UNKNOWN_ZONE:
      return web_reply_error(req, ec, "zone", "no zone %s", r.zone);
    case CORE_EC_UNKNOWN_BIN:
      return web_reply_error(req, ec, "bin", "no bin %s", r.bin);
    default:
      return web_reply_error(req, ec, NULL, NULL);
  }
}
