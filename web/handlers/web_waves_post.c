#include "web_waves_post.h"

#include "core_arena.h"
#include "core_json.h"
#include "web_floor.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_scope.h"
#include "web_stock_reply.h"
#include "wms_wave.h"

#include <stdio.h>

static const char *const line_kinds[] = {"single", "multi", NULL};

/*
 * The order ids of @a arr (1..2000 positive integers) into @a r, in the
 * request's arena; false with @a err filled otherwise.
 */
static bool
order_ids(const json_t *arr, struct wms_wave_req *r, struct core_arena *a,
          struct core_json_error *err)
{
  size_t n = json_array_size(arr), i;
  if (n == 0 || n > 2000) {
    core_json_fail(err, CORE_EC_INVALID_VALUE, "orders",
                   "orders names 1 to 2000 order ids, not %zu", n);
    return false;
  }
  int64_t *ids = core_arena_alloc(a, n * sizeof *ids);
  const json_t *v;
  json_array_foreach(arr, i, v)
  {
    if (!json_is_integer(v) || json_integer_value(v) < 1) {
      char f[32];
      snprintf(f, sizeof f, "orders[%zu]", i);
      core_json_fail(err, CORE_EC_INVALID_VALUE, f, "expected an order id");
      return false;
    }
    ids[i] = json_integer_value(v);
  }
  r->orders = ids;
  r->n_orders = n;
  return true;
}

enum MHD_Result
web_waves_post(struct web_request *req)
{
  struct wms_wave_req r = {.batch_size = 10, .max_orders = 200};
  int lines = -1;
  const json_t *orders = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("warehouse", &r.warehouse, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("store", &r.store, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("carrier", &r.carrier, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_TIMESTAMP("cutoff", &r.cutoff)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CHOICE("lines", &lines, line_kinds)),
      CORE_JSON_OPT(NULL,
                    CORE_JSON_K_INT("min_priority", &r.min_priority, 0, 9)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("batch_size", &r.batch_size, 1, 100)),
      CORE_JSON_OPT(NULL,
                    CORE_JSON_K_INT("max_orders", &r.max_orders, 1, 20000)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_BOOL("zone_picking", &r.zone_picking)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_ARRAY("orders", &orders)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  struct core_json_error err;
  if (orders != NULL && !order_ids(orders, &r, req->arena, &err))
    return web_reply_json_error(req, &err);
  if (!web_scope_warehouse_or_reply(req, &r.warehouse, "warehouse", &ret))
    return ret;
  if (r.warehouse == NULL)
    return web_reply_error(req, CORE_EC_MISSING_FIELD, "warehouse",
                           "a wave belongs to one warehouse: name it");
  if (lines >= 0)
    r.lines = line_kinds[lines];
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec = wms_wave_create(&r, &who, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
