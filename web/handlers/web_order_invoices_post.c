#include "web_order_invoices_post.h"

#include "web_invoice.h"
#include "web_param.h"
#include "web_parse.h"

#include <stdio.h>

static const char *const types[] = {"normal", "special", NULL};

/* Sets @a name to string @a v in @a doc when given. */
static void
opt(json_t *doc, const char *name, const char *v)
{
  if (v != NULL)
    json_object_set_new(doc, name, json_string(v));
}

enum MHD_Result
web_order_invoices_post(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  const char *title, *tax_id = NULL, *email = NULL, *key = NULL;
  int type = 0;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("buyer_title", &title, 200)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("buyer_tax_id", &tax_id, 20)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CHOICE("type", &type, types)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("email", &email, 254)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("idempotency_key", &key, 128)),
      CORE_JSON_END,
  };
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  json_t *doc =
      json_pack("{s:s, s:s}", "buyer_title", title, "type", types[type]);
  opt(doc, "buyer_tax_id", tax_id);
  opt(doc, "email", email);
  opt(doc, "idempotency_key", key);
  char arg[24];
  snprintf(arg, sizeof arg, "%lld", (long long)id);
  return web_invoice_run(req, "issue", arg, doc, MHD_HTTP_CREATED);
}
