#include "web_owners_post.h"

#include "core_owner.h"
#include "web_owner_input.h"
#include "web_reply.h"

enum MHD_Result
web_owners_post(struct web_request *req)
{
  struct core_owner o;
  enum MHD_Result ret;
  if (!web_owner_input_or_reply(req, true, &o, &ret))
    return ret;
  const char *doc;
  enum core_ec ec = core_owner_create(&o, req->arena, &doc);
  if (ec == CORE_EC_ALREADY_EXISTS)
    return web_reply_error(req, ec, "code", "owner %s exists already", o.code);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_text_json(req, MHD_HTTP_CREATED, doc);
}
