#include "web_auth_login_post.h"

#include "core_auth.h"
#include "core_json.h"
#include "core_password.h"
#include "web_auth.h"
#include "web_parse.h"
#include "web_reply.h"

enum MHD_Result
web_auth_login_post(struct web_request *req)
{
  const char *username = NULL;
  const char *password = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("username", &username, 64)),
      CORE_JSON_REQ(
          CORE_JSON_K_STRING("password", &password, CORE_PASSWORD_MAX)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  struct core_auth_session s;
  unsigned retry_after = 0;
  enum core_ec ec = core_auth_login(username, password, req->client_addr,
                                    req->arena, &s, &retry_after);
  return web_auth_login_reply(req, ec, &s, retry_after, username);
}
