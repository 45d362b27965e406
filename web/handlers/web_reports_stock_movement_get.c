#include "web_reports_stock_movement_get.h"

#include "web_report.h"

enum MHD_Result
web_reports_stock_movement_get(struct web_request *req)
{
  static const char *const groups[] = {"day", "month", NULL};
  static const char *const texts[] = {"sku", "category", NULL};
  static const struct web_report_spec spec = {
      .report = "stock-movement",
      .range = true,
      .groups = groups,
      .texts = texts,
  };
  return web_report_reply(req, &spec);
}
