#include "web_owner_statements_post.h"

#include "web_billing.h"
#include "web_parse.h"

enum MHD_Result
web_owner_statements_post(struct web_request *req)
{
  const char *month, *key = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("month", &month, 7)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("idempotency_key", &key, 128)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  /* The month's form and whether it has ended are the procedure's
   * (billing_month_invalid, billing_month_open): the database's date. */
  json_t *doc = json_pack("{s:s}", "month", month);
  if (key != NULL)
    json_object_set_new(doc, "idempotency_key", json_string(key));
  return web_billing_run(req, CORE_BILLING_ISSUE, req->params[0], 0, doc,
                         MHD_HTTP_CREATED);
}
