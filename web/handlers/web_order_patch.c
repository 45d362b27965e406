#include "web_order_patch.h"

#include "core_json.h"
#include "core_order.h"
#include "web_param.h"
#include "web_reply.h"
#include "web_stock_reply.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const address_keys[] = {"name",         "line1",  "line2",
                                           "city",         "region", "postcode",
                                           "country_code", "phone",  NULL};

/* Checks {line, sku} entries; returns the count or -1 (err filled). */
static enum core_ec
check_lines(const json_t *lines, struct core_arena *a,
            struct core_json_error *err)
{
  size_t i;
  json_t *v;
  json_array_foreach((json_t *)lines, i, v)
  {
    char prefix[32];
    snprintf(prefix, sizeof prefix, "lines[%zu]", i);
    int64_t line;
    const char *sku;
    struct core_json_spec spec[] = {
        CORE_JSON_REQ(CORE_JSON_K_INT("line", &line, 1, 1000)),
        CORE_JSON_REQ(CORE_JSON_K_STRING("sku", &sku, 64)),
        CORE_JSON_END,
    };
    enum core_ec ec = core_json_parse(v, spec, true, prefix, a, err);
    if (ec != CORE_EC_OK)
      return ec;
  }
  return CORE_EC_OK;
}

static enum core_ec
check_address(const json_t *a, struct core_arena *arena,
              struct core_json_error *err)
{
  const char *vals[8];
  struct core_json_spec spec[9];
  size_t n = 0;
  for (; address_keys[n] != NULL; n++)
    spec[n] = (struct core_json_spec){
        CORE_JSON_K_STRING(address_keys[n], &vals[n], 200), .optional = true};
  spec[n] = (struct core_json_spec)CORE_JSON_END;
  return core_json_parse(a, spec, true, "ship_to", arena, err);
}

enum MHD_Result
web_order_patch(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  const json_t *ship_to = NULL, *lines = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_OBJECT("ship_to", &ship_to)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_ARRAY("lines", &lines)),
      CORE_JSON_END,
  };
  struct core_json_error err;
  enum core_ec ec =
      core_json_parse(req->json, spec, true, NULL, req->arena, &err);
  if (ec == CORE_EC_OK && ship_to != NULL)
    ec = check_address(ship_to, req->arena, &err);
  if (ec == CORE_EC_OK && lines != NULL)
    ec = check_lines(lines, req->arena, &err);
  if (ec != CORE_EC_OK)
    return web_reply_json_error(req, &err);
  char *addr = ship_to != NULL ? json_dumps(ship_to, JSON_COMPACT) : NULL;
  char *lns = lines != NULL ? json_dumps(lines, JSON_COMPACT) : NULL;
  struct core_stock_actor who = web_stock_actor(req);
  const char *doc;
  int bad = 0;
  ec = core_order_fix(id, addr, lns, &who, req->arena, &doc, &bad);
  free(addr);
  free(lns);
  char field[32];
  snprintf(field, sizeof field, "lines[%d]", bad);
  if (ec == CORE_EC_UNKNOWN_SKU || ec == CORE_EC_INVALID_VALUE)
    return web_reply_error(req, ec, field, NULL);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_text_json(req, MHD_HTTP_OK, doc);
}
