#include "web_returns_lookup_get.h"

#include "core_returns.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_scope.h"

enum MHD_Result
web_returns_lookup_get(struct web_request *req)
{
  const char *code = web_query_text(req, "code");
  if (code == NULL || code[0] == '\0')
    return web_reply_error(req, CORE_EC_MISSING_FIELD, "code", NULL);
  const char *doc;
  enum core_ec ec =
      core_returns_lookup(code, web_scope_allowed(req), req->arena, &doc);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_text_json(req, MHD_HTTP_OK, doc);
}
