#include "web_order_services_post.h"

#include "web_billing.h"
#include "web_param.h"
#include "web_parse.h"

#include <stdio.h>

enum MHD_Result
web_order_services_post(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  const char *service, *note = NULL, *key = NULL;
  int64_t qty = 1;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("service", &service, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("qty", &qty, 1, 1000000)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("note", &note, 500)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("idempotency_key", &key, 128)),
      CORE_JSON_END,
  };
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  json_t *doc = json_pack("{s:s, s:I, s:s}", "service", service, "qty",
                          (json_int_t)qty, "note", note != NULL ? note : "");
  if (key != NULL)
    json_object_set_new(doc, "idempotency_key", json_string(key));
  char arg[24];
  snprintf(arg, sizeof arg, "%lld", (long long)id);
  return web_billing_run(req, CORE_BILLING_SERVICE_ADD, arg, 0, doc,
                         MHD_HTTP_CREATED);
}
