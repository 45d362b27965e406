#include "web_finance_tax_get.h"

#include "core_invoice.h"
#include "web_reply.h"

enum MHD_Result
web_finance_tax_get(struct web_request *req)
{
  const char *doc;
  enum core_ec ec = core_invoice_tax(req->arena, &doc);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_text_json(req, MHD_HTTP_OK, doc);
}
