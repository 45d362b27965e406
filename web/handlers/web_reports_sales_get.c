#include "web_reports_sales_get.h"

#include "web_query.h"
#include "web_report.h"
#include "web_reply.h"

#include <string.h>

enum MHD_Result
web_reports_sales_get(struct web_request *req)
{
  const char *by = web_query_text(req, "by");
  /* By the customer's segment is a report of its own: it reads the shipped
   * lines with today's segments, not the rollup (rpt_feedback.sql). */
  bool segment = by != NULL && strcmp(by, "customer_segment") == 0;
  const struct web_report_spec *spec =
      web_report_spec_find(segment ? "sales-segment" : "sales");
  if (spec == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  return web_report_reply(req, spec);
}
