#include "web_supplier_performance_get.h"

#include "core_json.h"
#include "core_purchase.h"
#include "web_floor.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_scope.h"

#include <jansson.h>

/* ?name= as a date, or @a dflt; false (replied) when it is not one. */
static bool
date_param(struct web_request *req, const char *name, const char **out,
           enum MHD_Result *ret)
{
  const char *v = web_query_text(req, name);
  if (v == NULL)
    return true;
  json_t *s = json_string(v);
  struct core_json_spec spec = {.dest = out};
  struct core_json_error err;
  bool ok = s != NULL &&
            core_json_parse_date(s, &spec, req->arena, &err) == CORE_EC_OK;
  json_decref(s);
  if (!ok)
    *ret = web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, name,
                           "%s is a date like 2027-03-31", name);
  return ok;
}

enum MHD_Result
web_supplier_performance_get(struct web_request *req)
{
  const char *from = "2000-01-01", *to = "2199-12-31";
  enum MHD_Result ret;
  if (!date_param(req, "from", &from, &ret) ||
      !date_param(req, "to", &to, &ret))
    return ret;
  struct core_outcome out;
  enum core_ec ec = core_purchase_performance(
      req->params[0], from, to, web_scope_supplier(req), req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
