#include "web_stock_reply.h"

#include "web_reply.h"
#include "web_scope.h"

enum MHD_Result
web_stock_reply_refusal(struct web_request *req, enum core_ec ec,
                        const struct core_stock_refusal *why)
{
  if (ec == CORE_EC_INSUFFICIENT_STOCK) {
    enum MHD_Result ret =
        web_reply_pack(req, core_ec_status(ec), "{s:{s:s, s:s, s:s, s:I}}",
                       "error", "code", core_ec_name(ec), "message",
                       why->detail[0] != '\0' ? why->detail : core_ec_hint(ec),
                       "field", why->field != NULL ? why->field : "qty",
                       "available", (json_int_t)why->available);
    return ret;
  }
  if (why->detail[0] != '\0')
    return web_reply_error(req, ec, why->field, "%s: %s", core_ec_hint(ec),
                           why->detail);
  return web_reply_error(req, ec, why->field, NULL);
}

struct core_stock_actor
web_stock_actor(const struct web_request *req)
{
  const struct core_principal *p = &req->principal;
  int64_t user = p->kind == CORE_PRINCIPAL_USER ? p->id : 0;
  return (struct core_stock_actor){user, req->request_id,
                                   web_scope_allowed(req)};
}
