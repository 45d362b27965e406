#include "web_suppliers_post.h"

#include "core_json.h"
#include "core_purchase.h"
#include "web_floor.h"
#include "web_reply.h"

#include <stdio.h>
#include <stdlib.h>

/* Checks the supplier's SKU list; false with @a err set on the first bad. */
static bool
skus_ok(const json_t *skus, struct core_arena *arena,
        struct core_json_error *err)
{
  size_t i;
  const json_t *x;
  json_array_foreach(skus, i, x)
  {
    const char *sku, *code = NULL, *cost;
    int64_t moq = 1, pack = 1;
    struct core_json_spec spec[] = {
        CORE_JSON_REQ(CORE_JSON_K_STRING("sku", &sku, 64)),
        CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("supplier_code", &code, 64)),
        CORE_JSON_REQ(CORE_JSON_K_DECIMAL("cost", &cost, 4, 10)),
        CORE_JSON_OPT(NULL, CORE_JSON_K_INT("moq", &moq, 1, 1000000)),
        CORE_JSON_OPT(NULL, CORE_JSON_K_INT("pack_size", &pack, 1, 100000)),
        CORE_JSON_END,
    };
    char prefix[32];
    snprintf(prefix, sizeof prefix, "skus[%zu]", i);
    if (!json_is_object(x)) {
      core_json_fail(err, CORE_EC_WRONG_TYPE, prefix, "expected an object");
      return false;
    }
    if (core_json_parse(x, spec, true, prefix, arena, err) != CORE_EC_OK)
      return false;
  }
  return true;
}

enum MHD_Result
web_suppliers_post(struct web_request *req)
{
  const char *code, *name, *s = NULL, *currency = NULL, *owner = NULL;
  int64_t lead = 7;
  bool active = true;
  const json_t *skus = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("code", &code, 32)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("name", &name, 200)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("contact_name", &s, 200)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("email", &s, 200)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("phone", &s, 64)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("currency", &currency, 3)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("payment_terms", &s, 200)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("lead_time_days", &lead, 0, 365)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_BOOL("active", &active)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_ARRAY("skus", &skus)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("owner", &owner, 32)),
      CORE_JSON_END,
  };
  struct core_json_error err;
  if (core_json_parse(req->json, spec, true, NULL, req->arena, &err) !=
          CORE_EC_OK ||
      (skus != NULL && !skus_ok(skus, req->arena, &err)))
    return web_reply_json_error(req, &err);
  /* Validated field by field above; the procedure reads the body as is. */
  json_t *doc = json_deep_copy(req->json);
  json_object_set_new(doc, "code", json_string(code));
  if (owner != NULL)
    json_object_set_new(doc, "owner", json_string(owner));
  char *text = json_dumps(doc, JSON_COMPACT);
  json_decref(doc);
  struct core_outcome out;
  enum core_ec ec = core_purchase_supplier_put(text, req->arena, &out);
  free(text);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
