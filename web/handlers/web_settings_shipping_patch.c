#include "web_settings_shipping_patch.h"

#include "core_arena.h"
#include "core_json.h"
#include "web_floor.h"
#include "web_reply.h"
#include "web_scope.h"
#include "wms_shipping.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether @a s is @a lo..@a hi decimal digits. */
static bool
digits(const char *s, size_t lo, size_t hi)
{
  size_t n = strspn(s, "0123456789");
  return s[n] == '\0' && n >= lo && n <= hi;
}

/*
 * Checks each {code, weight_tolerance_pct?, weight_tolerance_g?} of
 * @a whs into @a out (new reference); false with a reply queued.
 */
static bool
warehouses_or_reply(struct web_request *req, const json_t *whs, json_t *out,
                    enum MHD_Result *ret)
{
  size_t i;
  const json_t *v;
  json_array_foreach(whs, i, v)
  {
    char prefix[48];
    snprintf(prefix, sizeof prefix, "warehouses[%zu]", i);
    const char *code, *pct = NULL;
    int64_t grams = -1;
    struct core_json_spec spec[] = {
        CORE_JSON_REQ(CORE_JSON_K_CODE("code", &code, 32)),
        CORE_JSON_OPT(NULL,
                      CORE_JSON_K_DECIMAL("weight_tolerance_pct", &pct, 2, 3)),
        CORE_JSON_OPT(NULL,
                      CORE_JSON_K_INT("weight_tolerance_g", &grams, 0, 100000)),
        CORE_JSON_END,
    };
    struct core_json_error err;
    if (core_json_parse(v, spec, true, prefix, req->arena, &err) !=
        CORE_EC_OK) {
      *ret = web_reply_json_error(req, &err);
      return false;
    }
    if (pct != NULL && strtod(pct, NULL) > 100) {
      *ret = web_reply_error(req, CORE_EC_INVALID_VALUE, prefix,
                             "weight_tolerance_pct is 0 to 100, not %s", pct);
      return false;
    }
    if (!web_scope_warehouse_or_reply(req, &code, prefix, ret))
      return false;
    json_t *w = json_pack("{s:s}", "code", code);
    if (pct != NULL)
      json_object_set_new(w, "weight_tolerance_pct", json_string(pct));
    if (grams >= 0)
      json_object_set_new(w, "weight_tolerance_g", json_integer(grams));
    json_array_append_new(out, w);
  }
  return true;
}

enum MHD_Result
web_settings_shipping_patch(struct web_request *req)
{
  const char *prefix = NULL, *ext = NULL;
  const json_t *whs = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("company_prefix", &prefix, 10)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("extension", &ext, 1)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_ARRAY("warehouses", &whs)),
      CORE_JSON_END,
  };
  struct core_json_error err;
  if (core_json_parse(req->json, spec, true, NULL, req->arena, &err) !=
      CORE_EC_OK)
    return web_reply_json_error(req, &err);
  if (prefix != NULL && !digits(prefix, 7, 10))
    return web_reply_error(req, CORE_EC_INVALID_VALUE, "company_prefix",
                           "a GS1 company prefix is 7 to 10 digits");
  if (ext != NULL && !digits(ext, 1, 1))
    return web_reply_error(req, CORE_EC_INVALID_VALUE, "extension",
                           "the extension is one digit");
  json_t *doc = json_object();
  if (prefix != NULL)
    json_object_set_new(doc, "company_prefix", json_string(prefix));
  if (ext != NULL)
    json_object_set_new(doc, "extension", json_string(ext));
  json_t *list = json_array();
  json_object_set_new(doc, "warehouses", list);
  enum MHD_Result ret;
  if (whs != NULL && !warehouses_or_reply(req, whs, list, &ret)) {
    json_decref(doc);
    return ret;
  }
  char *text = json_dumps(doc, JSON_COMPACT);
  json_decref(doc);
  const char *copy = core_arena_strdup(req->arena, text);
  free(text);
  struct core_outcome out;
  enum core_ec ec = wms_settings_shipping_set(copy, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
