#include "web_ui_root_get.h"

#include "core_perm.h"
#include "web_auth.h"
#include "web_reply.h"

#include <string.h>

/*
 * Whether this terminal chose the floor terminal: the login page sets the
 * depot_device cookie to "floor" on a handheld (or when the terminal chose
 * it) and to "desk" otherwise.
 */
static bool
chose_floor(struct web_request *req)
{
  const char *d =
      MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, "depot_device");
  return d != NULL && strcmp(d, "floor") == 0;
}

enum MHD_Result
web_ui_root_get(struct web_request *req)
{
  if (!web_auth_peek(req))
    return web_reply_redirect(req, "/login");
  /* A 3PL client has the portal only, whatever the terminal. */
  if (req->principal.role == CORE_ROLE_CLIENT)
    return web_reply_redirect(req, "/portal/");
  if (req->principal.role == CORE_ROLE_PICKER || chose_floor(req))
    return web_reply_redirect(req, "/floor/");
  return web_reply_redirect(req, "/app/");
}
