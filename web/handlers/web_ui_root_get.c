#include "web_ui_root_get.h"

#include "core_perm.h"
#include "web_auth.h"
#include "web_reply.h"

enum MHD_Result
web_ui_root_get(struct web_request *req)
{
  if (!web_auth_peek(req))
    return web_reply_redirect(req, "/login");
  if (req->principal.role == CORE_ROLE_PICKER)
    return web_reply_redirect(req, "/floor/");
  return web_reply_redirect(req, "/app/");
}
