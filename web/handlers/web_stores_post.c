#include "web_stores_post.h"

#include "core_json.h"
#include "core_store.h"
#include "web_parse.h"
#include "web_reply.h"

#include <ctype.h>

enum MHD_Result
web_stores_post(struct web_request *req)
{
  struct core_store s = {.webhook_secret = "",
                         .currency = "CNY",
                         .price_tolerance = "0",
                         .carrier = "",
                         .ship_within_hours = 48};
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("code", &s.code, 32)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("name", &s.name, 200)),
      CORE_JSON_REQ(
          CORE_JSON_K_CHOICE("channel", &s.channel, core_store_channels)),
      CORE_JSON_REQ(CORE_JSON_K_CODE("warehouse", &s.warehouse, 32)),
      CORE_JSON_OPT(
          NULL, CORE_JSON_K_STRING("webhook_secret", &s.webhook_secret, 200)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("currency", &s.currency, 3)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DECIMAL("price_tolerance",
                                              &s.price_tolerance, 2, 3)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("carrier", &s.carrier, 100)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("ship_within_hours",
                                          &s.ship_within_hours, 1, 720)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("owner", &s.owner, 32)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  for (int i = 0; i < 3; i++) {
    if (!isalpha((unsigned char)s.currency[i]))
      return web_reply_error(req, CORE_EC_INVALID_VALUE, "currency",
                             "\"%s\" is not an ISO 4217 code", s.currency);
  }
  const char *doc;
  enum core_ec ec = core_store_create(&s, req->arena, &doc);
  switch (ec) {
    case CORE_EC_OK:
      return web_reply_text_json(req, MHD_HTTP_CREATED, doc);
    case CORE_EC_ALREADY_EXISTS:
      return web_reply_error(req, ec, "code", "store %s exists already",
                             s.code);
    case CORE_EC_UNKNOWN_WAREHOUSE:
      return web_reply_error(req, ec, "warehouse", "no warehouse %s",
                             s.warehouse);
    case CORE_EC_UNKNOWN_OWNER:
      return web_reply_error(req, ec, "owner", "no stock owner %s", s.owner);
    default:
      return web_reply_error(req, ec, NULL, NULL);
  }
}
