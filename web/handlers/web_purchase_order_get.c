#include "web_purchase_order_get.h"

#include "core_purchase.h"
#include "web_floor.h"
#include "web_param.h"
#include "web_scope.h"

enum MHD_Result
web_purchase_order_get(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  struct core_outcome out;
  enum core_ec ec =
      core_purchase_po_get(id, web_scope_supplier(req), req->arena, &out);
  out.doc = web_scope_po_costs(req, out.doc);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
