#include "web_auth_me_get.h"

#include "core_auth.h"
#include "web_auth.h"
#include "web_reply.h"

enum MHD_Result
web_auth_me_get(struct web_request *req)
{
  const struct core_principal *p = &req->principal;
  if (p->kind == CORE_PRINCIPAL_KEY)
    return web_reply_pack(req, MHD_HTTP_OK, "{s:{s:s, s:o}}", "api_key", "name",
                          p->name, "scopes", web_auth_list_json(p->scopes));
  return web_reply_pack(req, MHD_HTTP_OK, "{s:{s:s, s:s, s:o}}", "user",
                        "username", p->name, "role",
                        core_perm_role_name(p->role), "warehouses",
                        web_auth_list_json(p->warehouses));
}
