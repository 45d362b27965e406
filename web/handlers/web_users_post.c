#include "web_users_post.h"

#include "core_json.h"
#include "core_password.h"
#include "core_user.h"
#include "web_auth.h"
#include "web_reply.h"

#include <string.h>

/* Reads the optional "warehouses" array of codes into @a u. */
static bool
warehouses_or_reply(struct web_request *req, struct core_user_new *u,
                    enum MHD_Result *ret)
{
  json_t *a = json_object_get(req->json, "warehouses");
  if (a == NULL || json_is_null(a))
    return true;
  if (!json_is_array(a) || json_array_size(a) > CORE_USER_MAX_WAREHOUSES) {
    *ret = web_reply_error(req, CORE_EC_WRONG_TYPE, "warehouses",
                           "expected an array of at most %d warehouse codes",
                           CORE_USER_MAX_WAREHOUSES);
    return false;
  }
  for (size_t i = 0; i < json_array_size(a); i++) {
    const char *code = json_string_value(json_array_get(a, i));
    if (code == NULL || strlen(code) == 0 || strlen(code) > 32) {
      *ret = web_reply_error(req, CORE_EC_WRONG_TYPE, "warehouses",
                             "warehouses[%zu] is not a warehouse code", i);
      return false;
    }
    u->warehouses[u->nwarehouses++] = code;
  }
  return true;
}

static bool
known_keys_or_reply(struct web_request *req, enum MHD_Result *ret)
{
  static const char *const known[] = {
      "username", "role", "password", "badge", "pin", "warehouses", "owner"};
  const char *key;
  json_t *v;
  json_object_foreach(req->json, key, v)
  {
    bool ok = false;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
      ok = ok || strcmp(key, known[i]) == 0;
    if (!ok) {
      *ret = web_reply_error(req, CORE_EC_UNKNOWN_FIELD, key,
                             "unknown field \"%.60s\"", key);
      return false;
    }
  }
  return true;
}

static enum MHD_Result
reply_error(struct web_request *req, enum core_ec ec)
{
  switch (ec) {
    case CORE_EC_WEAK_PASSWORD:
      return web_reply_error(req, ec, "password",
                             "the password needs at least %d bytes",
                             CORE_PASSWORD_MIN);
    case CORE_EC_ALREADY_EXISTS:
      return web_reply_error(req, ec, "username",
                             "username or badge is taken already");
    case CORE_EC_NOT_FOUND:
      return web_reply_error(req, CORE_EC_INVALID_VALUE, "warehouses",
                             "a warehouse in the list does not exist");
    case CORE_EC_CLIENT_OWNER:
      return web_reply_error(req, ec, "owner",
                             "role client needs an owner (and no warehouses);"
                             " other roles take none");
    case CORE_EC_UNKNOWN_OWNER:
      return web_reply_error(req, ec, "owner", "no such stock owner");
    case CORE_EC_INVALID_VALUE:
      return web_reply_error(req, ec, "username",
                             "username or badge must be 1-64 bytes without "
                             "control characters, and a PIN 4-8 digits");
    default:
      return web_reply_error(req, ec, NULL, NULL);
  }
}

enum MHD_Result
web_users_post(struct web_request *req)
{
  struct core_user_new u = {0};
  int role = CORE_ROLE_VIEWER;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("username", &u.username, 64)),
      CORE_JSON_REQ(CORE_JSON_K_CHOICE("role", &role, core_perm_role_names)),
      CORE_JSON_REQ(
          CORE_JSON_K_STRING("password", &u.password, CORE_PASSWORD_MAX)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("badge", &u.badge, 64)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("pin", &u.pin, CORE_PIN_MAX)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("owner", &u.owner, 32)),
      CORE_JSON_END,
  };
  struct core_json_error err;
  enum MHD_Result ret;
  /* Not strict: "warehouses" (an array) is read by warehouses_or_reply. */
  if (!known_keys_or_reply(req, &ret))
    return ret;
  if (core_json_parse(req->json, spec, false, NULL, req->arena, &err) !=
      CORE_EC_OK)
    return web_reply_json_error(req, &err);
  if (!warehouses_or_reply(req, &u, &ret))
    return ret;
  u.role = (enum core_role)role;
  enum core_ec ec = core_user_add(&u);
  if (ec != CORE_EC_OK)
    return reply_error(req, ec);
  return web_reply_pack(req, MHD_HTTP_CREATED, "{s:s, s:s, s:s?}", "username",
                        u.username, "role", core_perm_role_name(u.role),
                        "owner", u.owner);
}
