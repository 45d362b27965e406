#include "web_finance_get.h"

#include "core_finance.h"
#include "web_reply.h"

enum MHD_Result
web_finance_get(struct web_request *req)
{
  const char *doc;
  enum core_ec ec = core_finance_overview(req->arena, &doc);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_text_json(req, MHD_HTTP_OK, doc);
}
