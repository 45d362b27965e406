#include "web_finance_trial_balance_get.h"

#include "web_finance.h"
#include "web_reply.h"
#include "web_report.h"

enum MHD_Result
web_finance_trial_balance_get(struct web_request *req)
{
  enum MHD_Result ret;
  if (!web_finance_digits_or_reply(req, "account", 10, &ret))
    return ret;
  const struct web_report_spec *spec = web_report_spec_find("trial-balance");
  if (spec == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  return web_report_reply(req, spec);
}
