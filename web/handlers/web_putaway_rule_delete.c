#include "web_putaway_rule_delete.h"

#include "web_param.h"
#include "web_reply.h"
#include "wms_putaway.h"

enum MHD_Result
web_putaway_rule_delete(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 1, &id, &ret))
    return ret;
  enum core_ec ec = wms_putaway_rule_delete(req->params[0], id);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_empty(req, MHD_HTTP_NO_CONTENT);
}
