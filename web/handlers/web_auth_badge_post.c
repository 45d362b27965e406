#include "web_auth_badge_post.h"

#include "core_arena.h"
#include "core_auth.h"
#include "core_json.h"
#include "core_password.h"
#include "web_auth.h"
#include "web_parse.h"
#include "web_reply.h"

enum MHD_Result
web_auth_badge_post(struct web_request *req)
{
  const char *badge = NULL;
  const char *pin = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("badge", &badge, 64)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("pin", &pin, CORE_PIN_MAX)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  struct core_auth_session s;
  unsigned retry_after = 0;
  enum core_ec ec = core_auth_badge(badge, pin, req->client_addr, req->arena,
                                    &s, &retry_after);
  return web_auth_login_reply(req, ec, &s, retry_after,
                              core_arena_printf(req->arena, "badge:%s", badge));
}
