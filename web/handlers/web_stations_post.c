#include "web_stations_post.h"

#include "core_json.h"
#include "web_floor.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_scope.h"
#include "wms_shipping.h"

#include <stdlib.h>
#include <string.h>

/* "host:port" with a port in 1..65535. */
static bool
printer_ok(const char *p)
{
  const char *colon = strrchr(p, ':');
  if (colon == NULL || colon == p || strlen(colon + 1) == 0 ||
      strlen(colon + 1) > 5 ||
      strspn(colon + 1, "0123456789") != strlen(colon + 1))
    return false;
  long port = strtol(colon + 1, NULL, 10);
  size_t host = (size_t)(colon - p);
  return port >= 1 && port <= 65535 &&
         strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                   "0123456789.-") == host;
}

enum MHD_Result
web_stations_post(struct web_request *req)
{
  const char *code, *wh = NULL, *printer = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("code", &code, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("warehouse", &wh, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("printer", &printer, 260)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if (!web_scope_warehouse_or_reply(req, &wh, "warehouse", &ret))
    return ret;
  if (wh == NULL)
    return web_reply_error(req, CORE_EC_MISSING_FIELD, "warehouse", NULL);
  if (printer != NULL && !printer_ok(printer))
    return web_reply_error(req, CORE_EC_INVALID_VALUE, "printer",
                           "a printer is host:port, e.g. 10.0.5.21:9100");
  struct core_outcome out;
  enum core_ec ec = wms_station_put(code, wh, printer, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
