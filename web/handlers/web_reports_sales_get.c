#include "web_reports_sales_get.h"

#include "web_query.h"
#include "web_report.h"
#include "web_reply.h"

enum MHD_Result
web_reports_sales_get(struct web_request *req)
{
  /* By the customer's segment is a report of its own. */
  const struct web_report_spec *spec = web_report_spec_find(
      web_report_variant("sales", web_query_text(req, "by"), NULL));
  if (spec == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  return web_report_reply(req, spec);
}
