#include "web_reports_inventory_get.h"

#include "web_query.h"
#include "web_report.h"
#include "web_reply.h"

enum MHD_Result
web_reports_inventory_get(struct web_request *req)
{
  /* By bin and by owner are reports of their own (other columns). */
  const struct web_report_spec *spec = web_report_spec_find(web_report_variant(
      "inventory", web_query_text(req, "by"), web_query_text(req, "at")));
  if (spec == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  return web_report_reply(req, spec);
}
