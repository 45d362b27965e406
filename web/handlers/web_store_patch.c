#include "web_store_patch.h"

#include "core_json.h"
#include "core_store.h"
#include "web_auth.h"
#include "web_parse.h"
#include "web_reply.h"

#include <string.h>

/* Absent, empty (none) or an http(s) URL. */
static bool
http_url(const char *u)
{
  return u == NULL || u[0] == '\0' || strncmp(u, "http://", 7) == 0 ||
         strncmp(u, "https://", 8) == 0;
}

enum MHD_Result
web_store_patch(struct web_request *req)
{
  struct core_store_patch p = {.active = -1,
                               .sync_percent = -1,
                               .sync_buffer = -1,
                               .allow_merge = -1,
                               .ship_within_hours = -1};
  bool merge = false, merge_given = false;
  bool active = false, active_given = false;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("name", &p.name, 200)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("warehouse", &p.warehouse, 32)),
      CORE_JSON_OPT(
          NULL, CORE_JSON_K_STRING("webhook_secret", &p.webhook_secret, 200)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("currency", &p.currency, 3)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DECIMAL("price_tolerance",
                                              &p.price_tolerance, 2, 3)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("carrier", &p.carrier, 100)),
      CORE_JSON_OPT(&active_given, CORE_JSON_K_BOOL("active", &active)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("sync_url", &p.sync_url, 500)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("events_url", &p.events_url, 500)),
      CORE_JSON_OPT(&merge_given, CORE_JSON_K_BOOL("allow_merge", &merge)),
      CORE_JSON_OPT(NULL,
                    CORE_JSON_K_INT("sync_percent", &p.sync_percent, 0, 100)),
      CORE_JSON_OPT(
          NULL, CORE_JSON_K_INT("sync_buffer", &p.sync_buffer, 0, 1000000000)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("ship_within_hours",
                                          &p.ship_within_hours, 1, 720)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("owner", &p.owner, 32)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  /* The router checked the store's warehouse; a move names another. */
  if (p.warehouse != NULL &&
      !web_auth_warehouse_or_reply(req, p.warehouse, &ret))
    return ret;
  if (active_given)
    p.active = active;
  if (merge_given)
    p.allow_merge = merge;
  if (!http_url(p.sync_url))
    return web_reply_error(req, CORE_EC_INVALID_VALUE, "sync_url",
                           "sync_url must be an http(s) URL");
  if (!http_url(p.events_url))
    return web_reply_error(req, CORE_EC_INVALID_VALUE, "events_url",
                           "events_url must be an http(s) URL");
  const char *doc;
  enum core_ec ec = core_store_patch(req->params[0], &p, req->arena, &doc);
  if (ec == CORE_EC_UNKNOWN_WAREHOUSE)
    return web_reply_error(req, ec, "warehouse", "no warehouse %s",
                           p.warehouse);
  if (ec == CORE_EC_UNKNOWN_OWNER)
    return web_reply_error(req, ec, "owner", "no stock owner %s", p.owner);
  if (ec == CORE_EC_OWNER_FIXED)
    return web_reply_error(req, ec, "owner",
                           "store %s has orders: its owner cannot change",
                           req->params[0]);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_text_json(req, MHD_HTTP_OK, doc);
}
