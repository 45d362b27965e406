#include "web_channel_pull_post.h"

#include "core_channel.h"
#include "web_floor.h"
#include "web_reply.h"

enum MHD_Result
web_channel_pull_post(struct web_request *req)
{
  struct core_outcome out;
  enum core_ec ec = core_channel_pull_now(req->params[0], req->arena, &out);
  if (ec != CORE_EC_OK)
    return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
  return web_reply_text_json(req, MHD_HTTP_ACCEPTED, out.doc);
}
