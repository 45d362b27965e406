#include "web_suppliers_get.h"

#include "core_purchase.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_scope.h"

enum MHD_Result
web_suppliers_get(struct web_request *req)
{
  const char *items;
  enum core_ec ec = core_purchase_supplier_list(
      web_query_text(req, "q"), web_query_text(req, "owner"),
      web_scope_supplier(req), req->arena, &items);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec,
                           ec == CORE_EC_UNKNOWN_OWNER ? "owner" : NULL, NULL);
  return web_reply_page(req, items, NULL);
}
