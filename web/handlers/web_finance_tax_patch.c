#include "web_finance_tax_patch.h"

#include "web_invoice.h"
#include "web_parse.h"
#include "web_reply.h"

#include <stdio.h>

/* One {category, rate} (rate null or absent: the default again) into
 * @a out; false with @a err set. */
static bool
rate_entry(const json_t *x, const char *prefix, struct core_arena *arena,
           json_t *out, struct core_json_error *err)
{
  const char *category, *rate = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("category", &category, 100)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DECIMAL("rate", &rate, 4, 1)),
      CORE_JSON_END,
  };
  json_t *copy = json_deep_copy(x);
  if (json_is_null(json_object_get(copy, "rate")))
    json_object_del(copy, "rate");
  bool ok = core_json_parse(copy, spec, true, prefix, arena, err) == CORE_EC_OK;
  if (ok)
    json_array_append_new(
        out, json_pack("{s:s, s:s?}", "category", category, "rate", rate));
  json_decref(copy);
  return ok;
}

/* One {store, prices_include_tax?, auto_invoice?} into @a out. */
static bool
store_entry(const json_t *x, const char *prefix, struct core_arena *arena,
            json_t *out, struct core_json_error *err)
{
  const char *store;
  bool incl = false, has_incl = false, autoinv = false, has_auto = false;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("store", &store, 32)),
      CORE_JSON_OPT(&has_incl, CORE_JSON_K_BOOL("prices_include_tax", &incl)),
      CORE_JSON_OPT(&has_auto, CORE_JSON_K_BOOL("auto_invoice", &autoinv)),
      CORE_JSON_END,
  };
  if (core_json_parse(x, spec, true, prefix, arena, err) != CORE_EC_OK)
    return false;
  json_t *o = json_pack("{s:s}", "store", store);
  if (has_incl)
    json_object_set_new(o, "prices_include_tax", json_boolean(incl));
  if (has_auto)
    json_object_set_new(o, "auto_invoice", json_boolean(autoinv));
  json_array_append_new(out, o);
  return true;
}

typedef bool (*entry_fn)(const json_t *, const char *, struct core_arena *,
                         json_t *, struct core_json_error *);

/* Array @a in (at most 500 objects) through @a fn into a new array, or
 * NULL with @a err set. */
static json_t *
entries(const json_t *in, const char *name, entry_fn fn,
        struct core_arena *arena, struct core_json_error *err)
{
  json_t *out = json_array();
  size_t i;
  const json_t *x;
  if (json_array_size(in) > 500) {
    json_decref(out);
    core_json_fail(err, CORE_EC_OUT_OF_RANGE, name, "at most 500 entries");
    return NULL;
  }
  json_array_foreach(in, i, x)
  {
    char prefix[40];
    snprintf(prefix, sizeof prefix, "%s[%zu]", name, i);
    if (!json_is_object(x)) {
      core_json_fail(err, CORE_EC_WRONG_TYPE, prefix, "expected an object");
      json_decref(out);
      return NULL;
    }
    if (!fn(x, prefix, arena, out, err)) {
      json_decref(out);
      return NULL;
    }
  }
  return out;
}

enum MHD_Result
web_finance_tax_patch(struct web_request *req)
{
  const char *tax_rate = NULL;
  const json_t *rates = NULL, *stores = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_DECIMAL("tax_rate", &tax_rate, 4, 1)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_ARRAY("rates", &rates)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_ARRAY("stores", &stores)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  struct core_json_error err;
  json_t *doc = json_object();
  if (tax_rate != NULL)
    json_object_set_new(doc, "tax_rate", json_string(tax_rate));
  json_t *r = rates != NULL
                  ? entries(rates, "rates", rate_entry, req->arena, &err)
                  : json_array();
  json_t *s = r != NULL && stores != NULL
                  ? entries(stores, "stores", store_entry, req->arena, &err)
                  : json_array();
  if (r == NULL || (stores != NULL && s == NULL)) {
    json_decref(r);
    json_decref(s);
    json_decref(doc);
    return web_reply_json_error(req, &err);
  }
  json_object_set_new(doc, "rates", r);
  json_object_set_new(doc, "stores", s);
  return web_invoice_run(req, "tax", NULL, doc, MHD_HTTP_OK);
}
