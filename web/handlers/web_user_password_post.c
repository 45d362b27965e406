#include "web_user_password_post.h"

#include "core_json.h"
#include "core_user_admin.h"
#include "web_reply.h"

enum MHD_Result
web_user_password_post(struct web_request *req)
{
  const char *name = req->params[0];
  static const char *const kinds[] = {"password", "pin", NULL};
  int kind = 0;
  const char *password = NULL, *pin = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_CHOICE("kind", &kind, kinds)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("password", &password, 1024)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("pin", &pin, 8)),
      CORE_JSON_END,
  };
  struct core_json_error err;
  if (req->json != NULL && core_json_parse(req->json, spec, true, NULL,
                                           req->arena, &err) != CORE_EC_OK)
    return web_reply_json_error(req, &err);
  if (pin != NULL)
    kind = 1;
  if ((kind == 1 && password != NULL) || (kind == 0 && pin != NULL))
    return web_reply_error(req, CORE_EC_INVALID_VALUE, "kind",
                           "a reset sets either the password or the PIN");
  char generated[32];
  int64_t ended = 0;
  enum core_ec ec = core_user_reset(name, kind == 1, kind == 1 ? pin : password,
                                    generated, &ended);
  if (ec == CORE_EC_INVALID_VALUE)
    return web_reply_error(req, ec, "pin", "a PIN is 4 to 8 digits");
  if (ec == CORE_EC_WEAK_PASSWORD)
    return web_reply_error(req, ec, "password", NULL);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  json_t *body = json_pack("{s:s, s:s, s:I}", "username", name, "kind",
                           kinds[kind], "sessions_ended", (json_int_t)ended);
  if (generated[0] != '\0')
    json_object_set_new(body, "generated", json_string(generated));
  return web_reply_json_steal(req, MHD_HTTP_OK, body);
}
