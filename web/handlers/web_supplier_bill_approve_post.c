#include "web_supplier_bill_approve_post.h"

#include "web_finance.h"
#include "web_param.h"
#include "web_parse.h"

#include <stdio.h>

enum MHD_Result
web_supplier_bill_approve_post(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  bool override = false;
  const char *reason = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_BOOL("override", &override)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("reason", &reason, 500)),
      CORE_JSON_END,
  };
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  json_t *doc = json_pack("{s:b}", "override", override);
  if (reason != NULL)
    json_object_set_new(doc, "reason", json_string(reason));
  char arg[24];
  snprintf(arg, sizeof arg, "%lld", (long long)id);
  return web_finance_run(req, "approve", arg, doc, MHD_HTTP_OK);
}
