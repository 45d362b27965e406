#include "web_user_patch.h"

#include "core_auth.h"
#include "core_json.h"
#include "core_perm.h"
#include "core_user_admin.h"
#include "web_auth.h"
#include "web_reply.h"

#include <string.h>

/* Reads the optional "warehouses" array of codes into @a ch. */
static bool
warehouses_or_reply(struct web_request *req, struct core_user_change *ch,
                    enum MHD_Result *ret)
{
  json_t *a = json_object_get(req->json, "warehouses");
  if (a == NULL)
    return true;
  if (!json_is_array(a) || json_array_size(a) > CORE_USER_MAX_WAREHOUSES) {
    *ret = web_reply_error(req, CORE_EC_WRONG_TYPE, "warehouses",
                           "expected an array of at most %d warehouse codes",
                           CORE_USER_MAX_WAREHOUSES);
    return false;
  }
  ch->set_warehouses = true;
  for (size_t i = 0; i < json_array_size(a); i++) {
    const char *code = json_string_value(json_array_get(a, i));
    if (code == NULL || strlen(code) == 0 || strlen(code) > 32) {
      *ret = web_reply_error(req, CORE_EC_WRONG_TYPE, "warehouses",
                             "warehouses[%zu] is not a warehouse code", i);
      return false;
    }
    ch->warehouses[ch->nwarehouses++] = code;
  }
  return true;
}

/* The user @a name as GET /api/v1/users lists it, with @a ended. */
static enum MHD_Result
reply_user(struct web_request *req, const char *name, int64_t ended)
{
  struct core_user *users;
  unsigned n;
  enum core_ec ec = core_user_list(req->arena, &users, &n);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  for (unsigned i = 0; i < n; i++)
    if (strcmp(users[i].username, name) == 0)
      return web_reply_pack(
          req, MHD_HTTP_OK, "{s:s, s:s, s:o, s:b, s:b, s:s, s:I}", "username",
          users[i].username, "role", users[i].role, "warehouses",
          web_auth_list_json(users[i].warehouses), "badge", users[i].has_badge,
          "active", users[i].active, "created_at", users[i].created_at,
          "sessions_ended", (json_int_t)ended);
  return web_reply_error(req, CORE_EC_NOT_FOUND, NULL, "no such user: %s",
                         name);
}

enum MHD_Result
web_user_patch(struct web_request *req)
{
  const char *name = req->params[0];
  struct core_user_change ch = {.active = -1};
  int role = -1;
  bool active = true, has_active = false;
  const json_t *whs = NULL;
  static const char *const roles[] = {"admin",  "back_office", "warehouse_lead",
                                      "picker", "viewer",      "finance",
                                      NULL};
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_CHOICE("role", &role, roles)),
      CORE_JSON_OPT(&has_active, CORE_JSON_K_BOOL("active", &active)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_ARRAY("warehouses", &whs)),
      CORE_JSON_END,
  };
  struct core_json_error err;
  if (core_json_parse(req->json, spec, true, NULL, req->arena, &err) !=
      CORE_EC_OK)
    return web_reply_json_error(req, &err);
  enum MHD_Result ret;
  if (!warehouses_or_reply(req, &ch, &ret))
    return ret;
  if (role >= 0)
    ch.role = roles[role];
  if (has_active)
    ch.active = active ? 1 : 0;
  /* Locking oneself out needs another admin: refuse it here. */
  const struct core_principal *me = &req->principal;
  if (me->kind == CORE_PRINCIPAL_USER && me->name != NULL &&
      strcmp(me->name, name) == 0 &&
      ((has_active && !active) ||
       (ch.role != NULL && strcmp(ch.role, "admin") != 0)))
    return web_reply_error(req, CORE_EC_USER_SELF_LOCKOUT, NULL, NULL);
  int64_t ended = 0;
  bool bad_wh = false;
  enum core_ec ec = core_user_change(name, &ch, &ended, &bad_wh);
  if (ec == CORE_EC_NOT_FOUND && bad_wh)
    return web_reply_error(req, CORE_EC_INVALID_VALUE, "warehouses",
                           "a warehouse does not exist");
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return reply_user(req, name, ended);
}
