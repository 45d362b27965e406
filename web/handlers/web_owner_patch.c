#include "web_owner_patch.h"

#include "core_owner.h"
#include "web_owner_input.h"
#include "web_reply.h"

enum MHD_Result
web_owner_patch(struct web_request *req)
{
  struct core_owner o;
  enum MHD_Result ret;
  if (!web_owner_input_or_reply(req, false, &o, &ret))
    return ret;
  const char *doc;
  enum core_ec ec = core_owner_patch(req->params[0], &o, req->arena, &doc);
  if (ec == CORE_EC_NOT_FOUND)
    return web_reply_error(req, ec, NULL, "no owner %.64s", req->params[0]);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_text_json(req, MHD_HTTP_OK, doc);
}
