#include "web_store_prices_post.h"

#include "core_json.h"
#include "core_store.h"
#include "web_parse.h"
#include "web_reply.h"

#include <string.h>

enum MHD_Result
web_store_prices_post(struct web_request *req)
{
  const char *sku, *price;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("sku", &sku, 64)),
      CORE_JSON_REQ(CORE_JSON_K_DECIMAL("price", &price, 2, 12)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if (strspn(price, "0.") == strlen(price))
    return web_reply_error(req, CORE_EC_OUT_OF_RANGE, "price",
                           "a price must be above 0");
  enum core_ec ec = core_store_set_price(req->params[0], sku, price);
  if (ec == CORE_EC_UNKNOWN_SKU)
    return web_reply_error(req, ec, "sku", "no SKU %s", sku);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_pack(req, MHD_HTTP_OK, "{s:s, s:s, s:s}", "store",
                        req->params[0], "sku", sku, "price", price);
}
