#include "web_scans_resolve_post.h"

#include "core_json.h"
#include "core_scan.h"
#include "dev_gs1.h"
#include "web_floor.h"
#include "web_reply.h"
#include "web_scope.h"

#include <stdlib.h>
#include <string.h>

/* Adds the GS1 reading (gtin, lot, expiry, serial) to the match @a m. */
static void
add_gs1(json_t *m, const struct dev_gs1_result *g)
{
  static const struct {
    const char *ai, *key;
  } keys[] = {{"01", "gtin"}, {"10", "lot"},   {"21", "serial"},
              {"00", "sscc"}, {"37", "count"}, {NULL, NULL}};
  for (int i = 0; keys[i].ai != NULL; i++) {
    const struct dev_gs1_element *e = dev_gs1_find(g, keys[i].ai);
    if (e != NULL)
      json_object_set_new(m, keys[i].key, json_string(e->value));
  }
  const struct dev_gs1_element *exp = dev_gs1_find(g, "17");
  if (exp != NULL && exp->date[0] != '\0')
    json_object_set_new(m, "expiry", json_string(exp->date));
}

enum MHD_Result
web_scans_resolve_post(struct web_request *req)
{
  const char *code, *wh = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("code", &code, 512)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("warehouse", &wh, 32)),
      CORE_JSON_END,
  };
  struct core_json_error err;
  enum MHD_Result ret;
  if (core_json_parse(req->json, spec, true, NULL, req->arena, &err) !=
      CORE_EC_OK)
    return web_reply_json_error(req, &err);
  if (!web_scope_warehouse_or_reply(req, &wh, "warehouse", &ret))
    return ret;
  struct dev_gs1_result *g = calloc(1, sizeof *g);
  bool gs1 = web_floor_looks_gs1(code) &&
             dev_gs1_parse(code, strlen(code), NULL, g, NULL) == DEV_GS1_OK;
  const struct dev_gs1_element *gtin = gs1 ? dev_gs1_find(g, "01") : NULL;
  const char *doc = NULL;
  enum core_ec ec = core_scan_lookup(
      code, wh, gtin != NULL ? gtin->value : NULL, req->arena, &doc);
  if (ec != CORE_EC_OK) {
    free(g);
    return web_reply_error(req, ec, NULL, NULL);
  }
  json_t *m = doc != NULL ? json_loads(doc, 0, NULL)
                          : json_pack("{s:s}", "kind", "unknown");
  if (gs1) {
    if (doc != NULL)
      json_object_set_new(m, "kind", json_string("gs1"));
    else if (dev_gs1_find(g, "00") != NULL)
      json_object_set_new(m, "kind", json_string("sscc"));
    add_gs1(m, g);
  }
  free(g);
  json_object_set_new(m, "code", json_string(code));
  return web_reply_json_steal(req, MHD_HTTP_OK, m);
}
