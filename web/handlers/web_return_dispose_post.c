#include "web_return_dispose_post.h"

#include "web_parse.h"
#include "web_reply.h"
#include "web_returns.h"

enum MHD_Result
web_return_dispose_post(struct web_request *req)
{
  const json_t *lines;
  const char *key = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_ARRAY("lines", &lines)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("idempotency_key", &key, 128)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  struct core_json_error err;
  json_t *got = web_returns_dispose_lines(lines, req->arena, &err);
  if (got == NULL)
    return web_reply_json_error(req, &err);
  return web_returns_act(req, "dispose", json_pack("{s:o}", "lines", got), key);
}
