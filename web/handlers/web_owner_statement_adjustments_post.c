#include "web_owner_statement_adjustments_post.h"

#include "web_billing.h"
#include "web_param.h"
#include "web_parse.h"

enum MHD_Result
web_owner_statement_adjustments_post(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 1, &id, &ret))
    return ret;
  const char *amount, *reason, *key = NULL;
  bool credit = false;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_DECIMAL("amount", &amount, 2, 12)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_BOOL("credit", &credit)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("reason", &reason, 500)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("idempotency_key", &key, 128)),
      CORE_JSON_END,
  };
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  /* A credit (the client was charged too much) is billed negative. */
  json_t *doc = json_pack("{s:s, s:b, s:s}", "amount", amount, "credit", credit,
                          "reason", reason);
  if (key != NULL)
    json_object_set_new(doc, "idempotency_key", json_string(key));
  return web_billing_run(req, CORE_BILLING_ADJUST, req->params[0], id, doc,
                         MHD_HTTP_CREATED);
}
