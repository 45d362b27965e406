#include "web_replenish_rules_post.h"

#include "core_json.h"
#include "web_parse.h"
#include "web_reply.h"
#include "wms_replenish.h"

enum MHD_Result
web_replenish_rules_post(struct web_request *req)
{
  const char *sku, *bin;
  int64_t min, max;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("sku", &sku, 64)),
      CORE_JSON_REQ(CORE_JSON_K_CODE("bin", &bin, 32)),
      CORE_JSON_REQ(CORE_JSON_K_INT("min", &min, 0, 1000000000)),
      CORE_JSON_REQ(CORE_JSON_K_INT("max", &max, 1, 1000000000)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if (max <= min)
    return web_reply_error(req, CORE_EC_INVALID_VALUE, "max",
                           "max (%lld) must be above min (%lld)",
                           (long long)max, (long long)min);
  const char *doc;
  enum core_ec ec = wms_replenish_rule_set(req->params[0], sku, bin, min, max,
                                           req->arena, &doc);
  switch (ec) {
    case CORE_EC_OK:
      return web_reply_text_json(req, MHD_HTTP_OK, doc);
    case CORE_EC_UNKNOWN_SKU:
      return web_reply_error(req, ec, "sku", "no SKU %s", sku);
    case CORE_EC_UNKNOWN_BIN:
      return web_reply_error(req, ec, "bin", "no bin %s", bin);
    case CORE_EC_NOT_FOUND:
      return web_reply_error(req, ec, NULL, "no warehouse %.40s",
                             req->params[0]);
    default:
      return web_reply_error(req, ec, NULL, NULL);
  }
}
