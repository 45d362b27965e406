#include "web_auth_logout_post.h"

#include "core_auth.h"
#include "web_auth.h"
#include "web_reply.h"

enum MHD_Result
web_auth_logout_post(struct web_request *req)
{
  if (req->principal.session_id > 0) {
    enum core_ec ec = core_auth_logout(req->principal.session_id);
    if (ec != CORE_EC_OK)
      return web_reply_error(req, ec, NULL, NULL);
  }
  req->set_cookie = web_auth_cookie(req, NULL);
  return web_reply_empty(req, MHD_HTTP_NO_CONTENT);
}
