#include "web_customer_export_get.h"

#include "core_crm.h"
#include "web_auth.h"
#include "web_floor.h"
#include "web_param.h"

enum MHD_Result
web_customer_export_get(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  struct core_outcome out;
  enum core_ec ec = core_crm_customer_export(id, req->arena, &out);
  /* A read of everything held about a person is audited like a change. */
  web_auth_audit_read(req, ec == CORE_EC_OK ? 200 : core_ec_status(ec));
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
