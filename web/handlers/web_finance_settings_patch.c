#include "web_finance_settings_patch.h"

#include "web_finance.h"
#include "web_parse.h"

enum MHD_Result
web_finance_settings_patch(struct web_request *req)
{
  const char *pct = NULL;
  int64_t qty = -1;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(
          NULL, CORE_JSON_K_DECIMAL("bill_price_tolerance_pct", &pct, 3, 6)),
      CORE_JSON_OPT(NULL,
                    CORE_JSON_K_INT("bill_qty_tolerance", &qty, 0, 1000000)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  json_t *doc = json_object();
  if (pct != NULL)
    json_object_set_new(doc, "bill_price_tolerance_pct", json_string(pct));
  if (qty >= 0)
    json_object_set_new(doc, "bill_qty_tolerance", json_integer(qty));
  return web_finance_run(req, "settings", NULL, doc, MHD_HTTP_OK);
}
