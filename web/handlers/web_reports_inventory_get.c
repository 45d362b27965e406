#include "web_reports_inventory_get.h"

#include "web_query.h"
#include "web_report.h"
#include "web_reply.h"

#include <string.h>

enum MHD_Result
web_reports_inventory_get(struct web_request *req)
{
  const char *by = web_query_text(req, "by");
  /* Stock by owner waits for owners (the 3PL issue): not a bad request,
   * a grouping not there yet. */
  if (by != NULL && strcmp(by, "owner") == 0)
    return web_reply_error(req, CORE_EC_REPORT_NOT_YET, "by",
                           "inventory by owner waits for stock owners (3PL)");
  bool bin = by != NULL && strcmp(by, "bin") == 0;
  const struct web_report_spec *spec =
      web_report_spec_find(bin ? "inventory-bin" : "inventory");
  if (spec == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  return web_report_reply(req, spec);
}
