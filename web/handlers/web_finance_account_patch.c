#include "web_finance_account_patch.h"

#include "web_finance.h"
#include "web_parse.h"

static const char *const kinds[] = {"asset",  "liability", "equity", "cost",
                                    "income", "expense",   NULL};

enum MHD_Result
web_finance_account_patch(struct web_request *req)
{
  const char *zh, *en;
  int kind = -1;
  bool active = true, has_active = false;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("name_zh", &zh, 100)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("name_en", &en, 100)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CHOICE("kind", &kind, kinds)),
      CORE_JSON_OPT(&has_active, CORE_JSON_K_BOOL("active", &active)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  json_t *doc = json_pack("{s:s, s:s}", "name_zh", zh, "name_en", en);
  if (kind >= 0)
    json_object_set_new(doc, "kind", json_string(kinds[kind]));
  if (has_active)
    json_object_set_new(doc, "active", json_boolean(active));
  return web_finance_run(req, "account", req->params[0], doc, MHD_HTTP_OK);
}
