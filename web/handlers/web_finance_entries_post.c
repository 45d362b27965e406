#include "web_finance_entries_post.h"

#include "web_finance.h"
#include "web_parse.h"
#include "web_reply.h"

#include <stdio.h>

/* One line {account, debit?, credit?, warehouse?, sku?} into @a out;
 * exactly one of debit and credit. */
static json_t *
entry_line(const json_t *x, const char *prefix, struct core_arena *arena,
           struct core_json_error *err)
{
  const char *account, *debit = NULL, *credit = NULL, *wh = NULL, *sku = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("account", &account, 10)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DECIMAL("debit", &debit, 2, 14)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DECIMAL("credit", &credit, 2, 14)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("warehouse", &wh, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("sku", &sku, 64)),
      CORE_JSON_END,
  };
  if (!json_is_object(x)) {
    core_json_fail(err, CORE_EC_WRONG_TYPE, prefix, "expected an object");
    return NULL;
  }
  if (core_json_parse(x, spec, true, prefix, arena, err) != CORE_EC_OK)
    return NULL;
  if ((debit == NULL) == (credit == NULL)) {
    core_json_fail(err, CORE_EC_MISSING_FIELD, prefix,
                   "give a debit or a credit (one of them)");
    return NULL;
  }
  json_t *o = json_pack("{s:s}", "account", account);
  json_object_set_new(o, debit != NULL ? "debit" : "credit",
                      json_string(debit != NULL ? debit : credit));
  if (wh != NULL)
    json_object_set_new(o, "warehouse", json_string(wh));
  if (sku != NULL)
    json_object_set_new(o, "sku", json_string(sku));
  return o;
}

/* The lines, at least two. */
static json_t *
entry_lines(const json_t *lines, struct core_arena *arena,
            struct core_json_error *err)
{
  json_t *out = json_array();
  size_t i;
  const json_t *x;
  json_array_foreach(lines, i, x)
  {
    char prefix[32];
    snprintf(prefix, sizeof prefix, "lines[%zu]", i);
    json_t *o = entry_line(x, prefix, arena, err);
    if (o == NULL) {
      json_decref(out);
      return NULL;
    }
    json_array_append_new(out, o);
  }
  if (json_array_size(out) < 2 || json_array_size(out) > 500) {
    json_decref(out);
    core_json_fail(err, CORE_EC_OUT_OF_RANGE, "lines",
                   "an entry has 2 to 500 lines");
    return NULL;
  }
  return out;
}

enum MHD_Result
web_finance_entries_post(struct web_request *req)
{
  const char *date = NULL, *summary, *currency = NULL;
  const json_t *lines;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_DATE("date", &date)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("summary", &summary, 200)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("currency", &currency, 3)),
      CORE_JSON_REQ(CORE_JSON_K_ARRAY("lines", &lines)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if (currency != NULL &&
      !web_finance_currency_or_reply(req, "currency", currency, &ret))
    return ret;
  struct core_json_error err;
  json_t *ls = entry_lines(lines, req->arena, &err);
  if (ls == NULL)
    return web_reply_json_error(req, &err);
  json_t *doc = json_pack("{s:s, s:o}", "summary", summary, "lines", ls);
  if (date != NULL)
    json_object_set_new(doc, "date", json_string(date));
  if (currency != NULL)
    json_object_set_new(doc, "currency", json_string(currency));
  return web_finance_run(req, "entry", NULL, doc, MHD_HTTP_CREATED);
}
