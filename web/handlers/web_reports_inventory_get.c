#include "web_reports_inventory_get.h"

#include "web_query.h"
#include "web_report.h"
#include "web_reply.h"

#include <string.h>

enum MHD_Result
web_reports_inventory_get(struct web_request *req)
{
  const char *by = web_query_text(req, "by");
  /* By bin and by owner are reports of their own (other columns). */
  const char *name = "inventory";
  if (by != NULL && strcmp(by, "bin") == 0)
    name = "inventory-bin";
  else if (by != NULL && strcmp(by, "owner") == 0)
    name = "inventory-owner";
  const struct web_report_spec *spec = web_report_spec_find(name);
  if (spec == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  return web_report_reply(req, spec);
}
