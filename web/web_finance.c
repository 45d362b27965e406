#include "web_finance.h"

#include "core_finance.h"
#include "web_floor.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_stock_reply.h"

#include <stdlib.h>
#include <string.h>

bool
web_finance_digits_or_reply(struct web_request *req, const char *name,
                            size_t max, enum MHD_Result *ret)
{
  const char *v = web_query_text(req, name);
  if (v == NULL)
    return true;
  size_t n = strspn(v, "0123456789");
  if (n >= 1 && n <= max && v[n] == '\0')
    return true;
  *ret = web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, name,
                         "%s is 1 to %zu digits, not \"%s\"", name, max, v);
  return false;
}

bool
web_finance_currency_or_reply(struct web_request *req, const char *field,
                              const char *code, enum MHD_Result *ret)
{
  if (strlen(code) == 3 && strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == 3)
    return true;
  *ret = web_reply_error(req, CORE_EC_OUT_OF_RANGE, field,
                         "a currency is three letters (ISO 4217), not \"%s\"",
                         code);
  return false;
}

enum MHD_Result
web_finance_run(struct web_request *req, const char *op, const char *arg,
                json_t *doc, unsigned created)
{
  char *text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(doc);
  if (text == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec = core_finance_run(op, arg, text, &who, req->arena, &out);
  free(text);
  return web_floor_reply(req, ec, &out, created);
}
