#include "web_customer_erase_post.h"

#include "core_crm.h"
#include "web_floor.h"
#include "web_param.h"
#include "web_stock_reply.h"

enum MHD_Result
web_customer_erase_post(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  /* A change request: the audit row rides with the erasure's commit. */
  enum core_ec ec = core_crm_customer_erase(id, who.user_id, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
