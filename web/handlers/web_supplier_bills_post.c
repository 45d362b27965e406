#include "web_supplier_bills_post.h"

#include "web_finance.h"
#include "web_parse.h"
#include "web_reply.h"

#include <stdio.h>

/* One bill line {purchase_order, sku, qty, unit_cost} as the procedure
 * reads it; NULL with @a err set when a field is bad. */
static json_t *
bill_line(const json_t *x, const char *prefix, struct core_arena *arena,
          struct core_json_error *err)
{
  const char *po, *sku, *cost;
  int64_t qty;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("purchase_order", &po, 32)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("sku", &sku, 64)),
      CORE_JSON_REQ(CORE_JSON_K_INT("qty", &qty, 1, 100000000)),
      CORE_JSON_REQ(CORE_JSON_K_DECIMAL("unit_cost", &cost, 4, 14)),
      CORE_JSON_END,
  };
  if (!json_is_object(x)) {
    core_json_fail(err, CORE_EC_WRONG_TYPE, prefix, "expected an object");
    return NULL;
  }
  if (core_json_parse(x, spec, true, prefix, arena, err) != CORE_EC_OK)
    return NULL;
  return json_pack("{s:s, s:s, s:I, s:s}", "purchase_order", po, "sku", sku,
                   "qty", (json_int_t)qty, "unit_cost", cost);
}

/* The lines, 1 to 500 of them. */
static json_t *
bill_lines(const json_t *lines, struct core_arena *arena,
           struct core_json_error *err)
{
  json_t *out = json_array();
  size_t i;
  const json_t *x;
  json_array_foreach(lines, i, x)
  {
    char prefix[32];
    snprintf(prefix, sizeof prefix, "lines[%zu]", i);
    json_t *o = bill_line(x, prefix, arena, err);
    if (o == NULL) {
      json_decref(out);
      return NULL;
    }
    json_array_append_new(out, o);
  }
  if (json_array_size(out) < 1 || json_array_size(out) > 500) {
    json_decref(out);
    core_json_fail(err, CORE_EC_OUT_OF_RANGE, "lines",
                   "a bill has 1 to 500 lines");
    return NULL;
  }
  return out;
}

/* Sets @a name to string @a v in @a doc when given. */
static void
opt(json_t *doc, const char *name, const char *v)
{
  if (v != NULL)
    json_object_set_new(doc, name, json_string(v));
}

enum MHD_Result
web_supplier_bills_post(struct web_request *req)
{
  const char *supplier, *number, *date, *due = NULL, *currency = NULL;
  const char *freight = NULL, *tax = NULL, *key = NULL;
  const json_t *lines;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("supplier", &supplier, 32)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("number", &number, 64)),
      CORE_JSON_REQ(CORE_JSON_K_DATE("date", &date)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DATE("due_date", &due)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("currency", &currency, 3)),
      CORE_JSON_REQ(CORE_JSON_K_ARRAY("lines", &lines)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DECIMAL("freight", &freight, 2, 14)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DECIMAL("tax", &tax, 2, 14)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("idempotency_key", &key, 128)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if (currency != NULL &&
      !web_finance_currency_or_reply(req, "currency", currency, &ret))
    return ret;
  struct core_json_error err;
  json_t *ls = bill_lines(lines, req->arena, &err);
  if (ls == NULL)
    return web_reply_json_error(req, &err);
  json_t *doc = json_pack("{s:s, s:s, s:s, s:o}", "supplier", supplier,
                          "number", number, "date", date, "lines", ls);
  opt(doc, "due_date", due);
  opt(doc, "currency", currency);
  opt(doc, "freight", freight);
  opt(doc, "tax", tax);
  opt(doc, "idempotency_key", key);
  return web_finance_run(req, "bill", NULL, doc, MHD_HTTP_CREATED);
}
