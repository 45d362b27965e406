#include "web_auth_me_get.h"

#include "core_auth.h"
#include "web_auth.h"
#include "web_owner.h"
#include "web_reply.h"

enum MHD_Result
web_auth_me_get(struct web_request *req)
{
  const struct core_principal *p = &req->principal;
  /* "owner": the stock owner a 3PL client is bound to, else null. */
  const char *owner = web_owner_only(req);
  if (p->kind == CORE_PRINCIPAL_KEY)
    return web_reply_pack(req, MHD_HTTP_OK, "{s:{s:s, s:o, s:s?}}", "api_key",
                          "name", p->name, "scopes",
                          web_auth_list_json(p->scopes), "owner", owner);
  return web_reply_pack(req, MHD_HTTP_OK, "{s:{s:s, s:s, s:o, s:s?}}", "user",
                        "username", p->name, "role",
                        core_perm_role_name(p->role), "warehouses",
                        web_auth_list_json(p->warehouses), "owner", owner);
}
