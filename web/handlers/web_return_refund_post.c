#include "web_return_refund_post.h"

#include "web_parse.h"
#include "web_returns.h"

static const char *const methods[] = {"original", "cash", "store_credit", NULL};

enum MHD_Result
web_return_refund_post(struct web_request *req)
{
  const char *amount = "0", *shipping = "0", *reference = NULL, *key = NULL;
  int method = 0;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_DECIMAL("amount", &amount, 2, 12)),
      CORE_JSON_OPT(NULL,
                    CORE_JSON_K_DECIMAL("shipping_refund", &shipping, 2, 12)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CHOICE("method", &method, methods)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("reference", &reference, 200)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("idempotency_key", &key, 128)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  json_t *doc =
      json_pack("{s:s, s:s, s:s, s:s}", "amount", amount, "shipping_refund",
                shipping, "method", methods[method], "reference",
                reference != NULL ? reference : "");
  return web_returns_act(req, "refund", doc, key);
}
