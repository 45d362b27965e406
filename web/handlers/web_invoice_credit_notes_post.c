#include "web_invoice_credit_notes_post.h"

#include "web_invoice.h"
#include "web_param.h"
#include "web_parse.h"
#include "web_reply.h"

#include <stdio.h>

/* The lines [{sku, qty}], 1 to 500 of them; NULL with @a err set. */
static json_t *
credit_lines(const json_t *lines, struct core_arena *arena,
             struct core_json_error *err)
{
  json_t *out = json_array();
  size_t i;
  const json_t *x;
  json_array_foreach(lines, i, x)
  {
    char prefix[32];
    const char *sku;
    int64_t qty;
    struct core_json_spec spec[] = {
        CORE_JSON_REQ(CORE_JSON_K_STRING("sku", &sku, 64)),
        CORE_JSON_REQ(CORE_JSON_K_INT("qty", &qty, 1, 100000000)),
        CORE_JSON_END,
    };
    snprintf(prefix, sizeof prefix, "lines[%zu]", i);
    if (!json_is_object(x)) {
      core_json_fail(err, CORE_EC_WRONG_TYPE, prefix, "expected an object");
      json_decref(out);
      return NULL;
    }
    if (core_json_parse(x, spec, true, prefix, arena, err) != CORE_EC_OK) {
      json_decref(out);
      return NULL;
    }
    json_array_append_new(
        out, json_pack("{s:s, s:I}", "sku", sku, "qty", (json_int_t)qty));
  }
  if (json_array_size(out) < 1 || json_array_size(out) > 500) {
    json_decref(out);
    core_json_fail(err, CORE_EC_OUT_OF_RANGE, "lines",
                   "a credit note has 1 to 500 lines");
    return NULL;
  }
  return out;
}

enum MHD_Result
web_invoice_credit_notes_post(struct web_request *req)
{
  int64_t id, refund = 0;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  const json_t *lines = NULL;
  const char *reason = NULL, *key = NULL;
  bool has_refund = false;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_ARRAY("lines", &lines)),
      CORE_JSON_OPT(&has_refund,
                    CORE_JSON_K_INT("refund", &refund, 1, INT64_C(1) << 52)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("reason", &reason, 500)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("idempotency_key", &key, 128)),
      CORE_JSON_END,
  };
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if (lines != NULL && has_refund)
    return web_reply_error(req, CORE_EC_OUT_OF_RANGE, "refund",
                           "a credit note is for lines or for a refund, not "
                           "both");
  json_t *doc = json_object();
  if (lines != NULL) {
    struct core_json_error err;
    json_t *ls = credit_lines(lines, req->arena, &err);
    if (ls == NULL) {
      json_decref(doc);
      return web_reply_json_error(req, &err);
    }
    json_object_set_new(doc, "lines", ls);
  }
  if (has_refund)
    json_object_set_new(doc, "refund", json_integer((json_int_t)refund));
  if (reason != NULL)
    json_object_set_new(doc, "reason", json_string(reason));
  if (key != NULL)
    json_object_set_new(doc, "idempotency_key", json_string(key));
  char arg[24];
  snprintf(arg, sizeof arg, "%lld", (long long)id);
  return web_invoice_run(req, "credit", arg, doc, MHD_HTTP_CREATED);
}
