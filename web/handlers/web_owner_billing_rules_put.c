#include "web_owner_billing_rules_put.h"

#include "web_billing.h"
#include "web_parse.h"
#include "web_reply.h"

enum MHD_Result
web_owner_billing_rules_put(struct web_request *req)
{
  const json_t *storage, *inbound, *outbound;
  const json_t *packaging = NULL, *services = NULL;
  const char *effective = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_OBJECT("storage", &storage)),
      CORE_JSON_REQ(CORE_JSON_K_OBJECT("inbound", &inbound)),
      CORE_JSON_REQ(CORE_JSON_K_OBJECT("outbound", &outbound)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_ARRAY("packaging", &packaging)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_ARRAY("services", &services)),
      /* The day the version takes effect (YYYY-MM-DD, today when not
       * given): the procedure checks it (billing_effective_invalid). */
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("effective_from", &effective, 10)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  /* Prices, modes, carton types and codes are checked by the procedure,
   * which names the field (packaging[2].price) it refuses. */
  json_t *doc = json_pack("{s:O, s:O, s:O}", "storage", storage, "inbound",
                          inbound, "outbound", outbound);
  if (packaging != NULL)
    json_object_set(doc, "packaging", (json_t *)packaging);
  if (services != NULL)
    json_object_set(doc, "services", (json_t *)services);
  if (effective != NULL)
    json_object_set_new(doc, "effective_from", json_string(effective));
  return web_billing_run(req, CORE_BILLING_RULES_PUT, req->params[0], 0, doc,
                         MHD_HTTP_OK);
}
