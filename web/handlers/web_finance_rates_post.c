#include "web_finance_rates_post.h"

#include "web_finance.h"
#include "web_parse.h"

enum MHD_Result
web_finance_rates_post(struct web_request *req)
{
  const char *currency, *date, *rate;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("currency", &currency, 3)),
      CORE_JSON_REQ(CORE_JSON_K_DATE("date", &date)),
      CORE_JSON_REQ(CORE_JSON_K_DECIMAL("rate", &rate, 8, 9)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if (!web_finance_currency_or_reply(req, "currency", currency, &ret))
    return ret;
  json_t *doc = json_pack("{s:s, s:s, s:s}", "currency", currency, "date", date,
                          "rate", rate);
  return web_finance_run(req, "rate", NULL, doc, MHD_HTTP_CREATED);
}
