#include "web_customer_segments_get.h"

#include "core_crm.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_scope.h"

enum MHD_Result
web_customer_segments_get(struct web_request *req)
{
  const char *doc;
  enum core_ec ec = core_crm_segments(
      web_scope_allowed(req), web_query_text(req, "store"), req->arena, &doc);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_text_json(req, MHD_HTTP_OK, doc);
}
