#include "web_reports_margin_get.h"

#include "web_report.h"
#include "web_reply.h"

enum MHD_Result
web_reports_margin_get(struct web_request *req)
{
  const struct web_report_spec *spec = web_report_spec_find("margin");
  if (spec == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  return web_report_reply(req, spec);
}
