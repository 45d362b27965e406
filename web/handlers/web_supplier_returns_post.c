#include "web_supplier_returns_post.h"

#include "core_json.h"
#include "core_purchase.h"
#include "web_floor.h"
#include "web_reply.h"
#include "web_scope.h"
#include "web_stock_reply.h"

#include <stdio.h>
#include <stdlib.h>

static bool
lines_ok(const json_t *lines, struct core_arena *arena,
         struct core_json_error *err)
{
  size_t i;
  const json_t *x;
  json_array_foreach(lines, i, x)
  {
    const char *sku, *lot = NULL, *bin;
    int64_t qty;
    struct core_json_spec spec[] = {
        CORE_JSON_REQ(CORE_JSON_K_STRING("sku", &sku, 64)),
        CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("lot", &lot, 20)),
        CORE_JSON_REQ(CORE_JSON_K_CODE("bin", &bin, 32)),
        CORE_JSON_REQ(CORE_JSON_K_INT("qty", &qty, 1, 100000000)),
        CORE_JSON_END,
    };
    char prefix[32];
    snprintf(prefix, sizeof prefix, "lines[%zu]", i);
    if (!json_is_object(x)) {
      core_json_fail(err, CORE_EC_WRONG_TYPE, prefix, "expected an object");
      return false;
    }
    if (core_json_parse(x, spec, true, prefix, arena, err) != CORE_EC_OK)
      return false;
  }
  return json_array_size(lines) > 0 ||
         core_json_fail(err, CORE_EC_OUT_OF_RANGE, "lines",
                        "return at least one line") == CORE_EC_OK;
}

enum MHD_Result
web_supplier_returns_post(struct web_request *req)
{
  const char *supplier, *wh = NULL, *reason = NULL, *key = NULL;
  const json_t *lines;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("supplier", &supplier, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("warehouse", &wh, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("reason", &reason, 500)),
      CORE_JSON_REQ(CORE_JSON_K_ARRAY("lines", &lines)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("idempotency_key", &key, 128)),
      CORE_JSON_END,
  };
  struct core_json_error err;
  if (core_json_parse(req->json, spec, true, NULL, req->arena, &err) !=
          CORE_EC_OK ||
      !lines_ok(lines, req->arena, &err))
    return web_reply_json_error(req, &err);
  enum MHD_Result ret;
  if (!web_scope_warehouse_or_reply(req, &wh, "warehouse", &ret))
    return ret;
  if (wh == NULL)
    return web_reply_error(req, CORE_EC_MISSING_FIELD, "warehouse", NULL);
  char *text = json_dumps(lines, JSON_COMPACT);
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec = core_purchase_return(supplier, wh, reason, text, key, &who,
                                         req->arena, &out);
  free(text);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
