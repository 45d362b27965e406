#include "web_purchase_order_step_post.h"

#include "core_purchase.h"
#include "web_floor.h"
#include "web_param.h"
#include "web_stock_reply.h"

#include <string.h>

enum MHD_Result
web_purchase_order_step_post(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  /* The route's last segment is the step: submit, approve, send, … */
  const char *action = strrchr(req->path, '/') + 1;
  bool admin = req->principal.kind == CORE_PRINCIPAL_USER &&
               req->principal.role == CORE_ROLE_ADMIN;
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec =
      core_purchase_po_step(id, action, admin, &who, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
