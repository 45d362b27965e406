#include "web_scans_resolve_post.h"

#include "core_scan.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_scan.h"
#include "web_scope.h"

/* Adds the GS1 reading (gtin, lot, serial, sscc, count, expiry) to @a m. */
static void
add_gs1(json_t *m, const struct web_scan *s)
{
  const struct {
    const char *key, *value;
  } keys[] = {{"gtin", s->gtin}, {"lot", s->lot},     {"serial", s->serial},
              {"sscc", s->sscc}, {"count", s->count}, {"expiry", s->expiry},
              {NULL, NULL}};
  for (int i = 0; keys[i].key != NULL; i++) {
    if (keys[i].value != NULL)
      json_object_set_new(m, keys[i].key, json_string(keys[i].value));
  }
}

enum MHD_Result
web_scans_resolve_post(struct web_request *req)
{
  const char *wh = NULL;
  struct web_scan code;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(WEB_SCAN_FIELD("code", &code, 512)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("warehouse", &wh, 32)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if (!web_scope_warehouse_or_reply(req, &wh, "warehouse", &ret))
    return ret;
  const char *doc = NULL;
  enum core_ec ec =
      core_scan_lookup(code.code, wh, code.gtin, req->arena, &doc);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  json_t *m = doc != NULL ? json_loads(doc, 0, NULL)
                          : json_pack("{s:s}", "kind", "unknown");
  if (code.gs1) {
    if (doc != NULL)
      json_object_set_new(m, "kind", json_string("gs1"));
    else if (code.sscc != NULL)
      json_object_set_new(m, "kind", json_string("sscc"));
    add_gs1(m, &code);
  }
  json_object_set_new(m, "code", json_string(code.code));
  return web_reply_json_steal(req, MHD_HTTP_OK, m);
}
