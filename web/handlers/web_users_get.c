#include "web_users_get.h"

#include "core_user.h"
#include "web_auth.h"
#include "web_reply.h"

enum MHD_Result
web_users_get(struct web_request *req)
{
  struct core_user *users;
  unsigned n;
  enum core_ec ec = core_user_list(req->arena, &users, &n);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  json_t *items = json_array();
  for (unsigned i = 0; i < n; i++)
    json_array_append_new(
        items,
        json_pack("{s:s, s:s, s:o, s:b, s:b, s:s, s:s?}", "username",
                  users[i].username, "role", users[i].role, "warehouses",
                  web_auth_list_json(users[i].warehouses), "badge",
                  users[i].has_badge, "active", users[i].active, "created_at",
                  users[i].created_at, "owner", users[i].owner));
  return web_reply_pack(req, MHD_HTTP_OK, "{s:o}", "items", items);
}
