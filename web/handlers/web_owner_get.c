#include "web_owner_get.h"

#include "core_owner.h"
#include "web_reply.h"

enum MHD_Result
web_owner_get(struct web_request *req)
{
  const char *doc;
  enum core_ec ec = core_owner_get(req->params[0], req->arena, &doc);
  if (ec == CORE_EC_NOT_FOUND)
    return web_reply_error(req, ec, NULL, "no owner %.64s", req->params[0]);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_text_json(req, MHD_HTTP_OK, doc);
}
