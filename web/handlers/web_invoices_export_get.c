#include "web_invoices_export_get.h"

#include "web_reply.h"
#include "web_report.h"

enum MHD_Result
web_invoices_export_get(struct web_request *req)
{
  const struct web_report_spec *spec = web_report_spec_find("invoices");
  if (spec == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  return web_report_reply(req, spec);
}
