#include "web_returns_summary_get.h"

#include "core_returns.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_scope.h"

enum MHD_Result
web_returns_summary_get(struct web_request *req)
{
  /* The route's scope already refused a warehouse the reader may not see;
     without one, the reader's own warehouses (NULL: all of them). */
  const char *wh = web_query_text(req, "warehouse");
  const char *allowed =
      wh != NULL && wh[0] != '\0' ? wh : web_scope_allowed(req);
  const char *doc;
  enum core_ec ec = core_returns_summary(allowed, req->arena, &doc);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_text_json(req, MHD_HTTP_OK, doc);
}
