#include "web_return_receive_post.h"

#include "web_auth.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_returns.h"

enum MHD_Result
web_return_receive_post(struct web_request *req)
{
  const json_t *lines;
  const char *bin = NULL, *key = NULL;
  bool accept = false;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_ARRAY("lines", &lines)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("bin", &bin, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_BOOL("accept_unexpected", &accept)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("idempotency_key", &key, 128)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  /* An item not on the order comes in only when a lead says so. */
  if (accept && !web_auth_allows(req, "fulfil.override"))
    return web_reply_error(req, CORE_EC_FORBIDDEN, "accept_unexpected",
                           "a lead accepts items that are not on the order");
  struct core_json_error err;
  json_t *got = web_returns_receive_lines(lines, req->arena, &err);
  if (got == NULL)
    return web_reply_json_error(req, &err);
  json_t *doc =
      json_pack("{s:o, s:b}", "lines", got, "accept_unexpected", accept);
  if (bin != NULL)
    json_object_set_new(doc, "bin", json_string(bin));
  return web_returns_act(req, "receive", doc, key);
}
