#include "web_shipments_get.h"

#include "web_floor.h"
#include "web_owner.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_scope.h"
#include "wms_pack.h"

#include <stdlib.h>
#include <string.h>

/* Whether @a v is a shipment state. */
static bool
known_state(const char *v)
{
  static const char *const states[] = {"packing",   "packed",    "shipped",
                                       "delivered", "cancelled", NULL};
  for (int i = 0; states[i] != NULL; i++)
    if (strcmp(v, states[i]) == 0)
      return true;
  return false;
}

enum MHD_Result
web_shipments_get(struct web_request *req)
{
  const char *wh = web_query_text(req, "warehouse");
  const char *state = web_query_text(req, "state");
  enum MHD_Result ret;
  if (!web_scope_warehouse_or_reply(req, &wh, "warehouse", &ret))
    return ret;
  if (state != NULL && !known_state(state))
    return web_reply_error(
        req, CORE_EC_BAD_QUERY_PARAM, "state",
        "state is packing, packed, shipped, delivered or cancelled");
  struct web_cursor cur;
  if (!web_query_cursor_or_reply(req, &cur, &ret))
    return ret;
  int64_t before = cur.after != NULL ? strtoll(cur.after, NULL, 10) : 0;
  const char *items;
  enum core_ec ec = wms_shipment_list(wh, state, web_owner_only_id(req), before,
                                      cur.limit + 1, req->arena, &items);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_floor_reply_page(req, items, cur.limit);
}
