#include "web_reports_inventory_get.h"

#include "web_report.h"

enum MHD_Result
web_reports_inventory_get(struct web_request *req)
{
  static const char *const bys[] = {"sku", "category", "warehouse", NULL};
  static const char *const texts[] = {"sku", "category", NULL};
  static const struct web_report_spec spec = {
      .report = "inventory",
      .at = true,
      .bys = bys,
      .texts = texts,
  };
  return web_report_reply(req, &spec);
}
