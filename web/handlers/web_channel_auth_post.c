#include "web_channel_auth_post.h"

#include "core_arena.h"
#include "core_channel.h"
#include "web_floor.h"
#include "web_parse.h"

#include <jansson.h>
#include <stdlib.h>

static const char *const methods[] = {"md5", "hmac", NULL};

enum MHD_Result
web_channel_auth_post(struct web_request *req)
{
  const char *app_key = NULL, *secret = NULL, *token = NULL, *refresh = NULL;
  const char *expires = NULL, *base_url = NULL;
  int method = 0;
  int64_t pull_seconds = 0, page_size = 0;
  bool method_given = false, pull_given = false, page_given = false;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("app_key", &app_key, 64)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("app_secret", &secret, 200)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("access_token", &token, 500)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("refresh_token", &refresh, 500)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("token_expires_at", &expires, 40)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("base_url", &base_url, 500)),
      CORE_JSON_OPT(&method_given,
                    CORE_JSON_K_CHOICE("sign_method", &method, methods)),
      CORE_JSON_OPT(&pull_given,
                    CORE_JSON_K_INT("pull_seconds", &pull_seconds, 5, 86400)),
      CORE_JSON_OPT(&page_given,
                    CORE_JSON_K_INT("page_size", &page_size, 1, 100)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  json_t *d = json_object();
  if (app_key != NULL)
    json_object_set_new(d, "app_key", json_string(app_key));
  if (base_url != NULL)
    json_object_set_new(d, "base_url", json_string(base_url));
  if (expires != NULL)
    json_object_set_new(d, "token_expires_at", json_string(expires));
  if (method_given)
    json_object_set_new(d, "sign_method", json_string(methods[method]));
  if (pull_given)
    json_object_set_new(d, "pull_seconds", json_integer(pull_seconds));
  if (page_given)
    json_object_set_new(d, "page_size", json_integer(page_size));
  char *text = json_dumps(d, JSON_COMPACT);
  json_decref(d);
  const char *doc = core_arena_strdup(req->arena, text != NULL ? text : "{}");
  free(text);
  struct core_outcome out;
  enum core_ec ec = core_channel_auth_save(req->params[0], doc, secret, token,
                                           refresh, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
