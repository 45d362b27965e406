#include "web_purchase_orders_get.h"

#include "core_purchase.h"
#include "web_floor.h"
#include "web_owner.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_scope.h"

#include <stdlib.h>

enum MHD_Result
web_purchase_orders_get(struct web_request *req)
{
  struct web_cursor cur;
  enum MHD_Result ret;
  if (!web_query_cursor_or_reply(req, &cur, &ret))
    return ret;
  int64_t before = cur.after != NULL ? strtoll(cur.after, NULL, 10) : 0;
  const char *items;
  enum core_ec ec = core_purchase_po_list(
      web_query_text(req, "supplier"), web_query_text(req, "state"),
      web_scope_supplier(req), web_scope_allowed(req), web_owner_only_id(req),
      before, cur.limit + 1, req->arena, &items);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_floor_reply_page(req, web_scope_po_costs(req, items), cur.limit);
}
