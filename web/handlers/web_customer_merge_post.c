#include "web_customer_merge_post.h"

#include "core_crm.h"
#include "core_json.h"
#include "web_floor.h"
#include "web_param.h"
#include "web_parse.h"
#include "web_stock_reply.h"

enum MHD_Result
web_customer_merge_post(struct web_request *req)
{
  int64_t id, into;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_INT("into", &into, 1, INT64_C(1) << 53)),
      CORE_JSON_END,
  };
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  /* The route's lead checks {id}; the procedure checks "into" is seen. */
  enum core_ec ec = core_crm_customer_merge(id, into, who.user_id,
                                            who.warehouses, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
