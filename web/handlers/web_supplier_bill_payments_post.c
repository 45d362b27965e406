#include "web_supplier_bill_payments_post.h"

#include "web_finance.h"
#include "web_param.h"
#include "web_parse.h"

#include <stdio.h>

static const char *const methods[] = {"bank_transfer", "cash",  "cheque",
                                      "card",          "other", NULL};

enum MHD_Result
web_supplier_bill_payments_post(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  const char *amount, *date = NULL, *reference = NULL, *key = NULL;
  int method = 0;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_DECIMAL("amount", &amount, 2, 14)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DATE("date", &date)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CHOICE("method", &method, methods)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("reference", &reference, 64)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("idempotency_key", &key, 128)),
      CORE_JSON_END,
  };
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  json_t *doc =
      json_pack("{s:s, s:s}", "amount", amount, "method", methods[method]);
  if (date != NULL)
    json_object_set_new(doc, "date", json_string(date));
  if (reference != NULL)
    json_object_set_new(doc, "reference", json_string(reference));
  if (key != NULL)
    json_object_set_new(doc, "idempotency_key", json_string(key));
  char arg[24];
  snprintf(arg, sizeof arg, "%lld", (long long)id);
  return web_finance_run(req, "pay", arg, doc, MHD_HTTP_CREATED);
}
