#include "web_purchase_orders_post.h"

#include "core_json.h"
#include "core_purchase.h"
#include "web_floor.h"
#include "web_reply.h"
#include "web_scope.h"
#include "web_stock_reply.h"

#include <stdio.h>
#include <stdlib.h>

/* Checks PO lines; false with @a err set on the first bad one. */
static bool
lines_ok(const json_t *lines, struct core_arena *arena,
         struct core_json_error *err)
{
  if (json_array_size(lines) == 0 || json_array_size(lines) > 1000) {
    core_json_fail(err, CORE_EC_OUT_OF_RANGE, "lines",
                   "a purchase order has 1 to 1000 lines");
    return false;
  }
  size_t i;
  const json_t *x;
  json_array_foreach(lines, i, x)
  {
    const char *sku, *cost = NULL, *date = NULL;
    int64_t qty;
    struct core_json_spec spec[] = {
        CORE_JSON_REQ(CORE_JSON_K_STRING("sku", &sku, 64)),
        CORE_JSON_REQ(CORE_JSON_K_INT("qty", &qty, 1, 100000000)),
        CORE_JSON_OPT(NULL, CORE_JSON_K_DECIMAL("unit_cost", &cost, 4, 10)),
        CORE_JSON_OPT(NULL, CORE_JSON_K_DATE("expected_date", &date)),
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
  return true;
}

enum MHD_Result
web_purchase_orders_post(struct web_request *req)
{
  const char *supplier, *wh = NULL, *currency = NULL, *note = NULL;
  const json_t *lines;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("supplier", &supplier, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("warehouse", &wh, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("currency", &currency, 3)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("note", &note, 1000)),
      CORE_JSON_REQ(CORE_JSON_K_ARRAY("lines", &lines)),
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
    return web_reply_error(req, CORE_EC_MISSING_FIELD, "warehouse",
                           "name the warehouse the goods go to");
  json_t *doc = json_deep_copy(req->json);
  json_object_set_new(doc, "supplier", json_string(supplier));
  json_object_set_new(doc, "warehouse", json_string(wh));
  char *text = json_dumps(doc, JSON_COMPACT);
  json_decref(doc);
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec = core_purchase_po_create(text, &who, req->arena, &out);
  free(text);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
