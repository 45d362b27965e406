#include "web_dock_scan_post.h"

#include "core_arena.h"
#include "core_json.h"
#include "dev_gs1.h"
#include "web_floor.h"
#include "web_reply.h"
#include "web_scope.h"
#include "web_stock_reply.h"
#include "wms_pack.h"

#include <stdlib.h>
#include <string.h>

/* The SSCC of a GS1 scan (AI 00), else the code as scanned. */
static const char *
carton_code(struct web_request *req, const char *code)
{
  if (!web_floor_looks_gs1(code))
    return code;
  struct dev_gs1_result *g = calloc(1, sizeof *g);
  const char *sscc = code;
  if (g != NULL &&
      dev_gs1_parse(code, strlen(code), NULL, g, NULL) == DEV_GS1_OK &&
      dev_gs1_find(g, "00") != NULL)
    sscc = core_arena_strdup(req->arena, dev_gs1_find(g, "00")->value);
  free(g);
  return sscc;
}

enum MHD_Result
web_dock_scan_post(struct web_request *req)
{
  const char *code, *wh = NULL, *key = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("code", &code, 100)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("warehouse", &wh, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("idempotency_key", &key, 128)),
      CORE_JSON_END,
  };
  struct core_json_error err;
  if (core_json_parse(req->json, spec, true, NULL, req->arena, &err) !=
      CORE_EC_OK)
    return web_reply_json_error(req, &err);
  enum MHD_Result ret;
  if (!web_scope_warehouse_or_reply(req, &wh, "warehouse", &ret))
    return ret;
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec =
      wms_dock_scan(wh, carton_code(req, code), key, &who, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
