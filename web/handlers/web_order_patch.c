#include "web_order_patch.h"

#include "core_arena.h"
#include "core_json.h"
#include "core_order.h"
#include "web_param.h"
#include "web_reply.h"
#include "web_stock_reply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const address_keys[] = {"name",         "line1",  "line2",
                                           "city",         "region", "postcode",
                                           "country_code", "phone",  NULL};

/*
 * Checks the {line, sku?, unit_price?, accept_price?} entries and builds
 * the canonical array the procedure reads into @a out (new reference).
 */
static enum core_ec
check_lines(const json_t *lines, struct core_arena *a,
            struct core_json_error *err, json_t **out)
{
  size_t i;
  json_t *v;
  *out = json_array();
  json_array_foreach((json_t *)lines, i, v)
  {
    char prefix[32];
    snprintf(prefix, sizeof prefix, "lines[%zu]", i);
    int64_t line;
    const char *sku = NULL, *price = NULL;
    bool accept = false, save = false;
    struct core_json_spec spec[] = {
        CORE_JSON_REQ(CORE_JSON_K_INT("line", &line, 1, 1000)),
        CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("sku", &sku, 64)),
        CORE_JSON_OPT(NULL, CORE_JSON_K_DECIMAL("unit_price", &price, 2, 12)),
        CORE_JSON_OPT(NULL, CORE_JSON_K_BOOL("accept_price", &accept)),
        CORE_JSON_OPT(NULL, CORE_JSON_K_BOOL("save_mapping", &save)),
        CORE_JSON_END,
    };
    enum core_ec ec = core_json_parse(v, spec, true, prefix, a, err);
    if (ec != CORE_EC_OK)
      return ec;
    json_t *e = json_pack("{sI}", "line", (json_int_t)line);
    if (sku != NULL)
      json_object_set_new(e, "sku", json_string(sku));
    if (price != NULL)
      json_object_set_new(e, "unit_price", json_string(price));
    if (accept)
      json_object_set_new(e, "accept_price", json_true());
    /* The store's SKU map learns the line's code (issue 24). */
    if (save && sku != NULL)
      json_object_set_new(e, "save_mapping", json_true());
    json_array_append_new(*out, e);
  }
  return CORE_EC_OK;
}

/* The body's text @a j (may be NULL) for the procedure, in @a arena. */
static const char *
dump(struct core_arena *arena, const json_t *j)
{
  if (j == NULL)
    return NULL;
  char *t = json_dumps(j, JSON_COMPACT);
  const char *copy = core_arena_strdup(arena, t);
  free(t);
  return copy;
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
  const char *currency = NULL;
  bool accept_currency = false;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_OBJECT("ship_to", &ship_to)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_ARRAY("lines", &lines)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("currency", &currency, 3)),
      CORE_JSON_OPT(NULL,
                    CORE_JSON_K_BOOL("accept_currency", &accept_currency)),
      CORE_JSON_END,
  };
  struct core_json_error err;
  json_t *canon = NULL;
  enum core_ec ec =
      core_json_parse(req->json, spec, true, NULL, req->arena, &err);
  if (ec == CORE_EC_OK && ship_to != NULL)
    ec = check_address(ship_to, req->arena, &err);
  if (ec == CORE_EC_OK && lines != NULL)
    ec = check_lines(lines, req->arena, &err, &canon);
  const char *lns = dump(req->arena, canon);
  json_decref(canon);
  if (ec == CORE_EC_OK && currency != NULL && strlen(currency) != 3)
    ec = core_json_fail(&err, CORE_EC_INVALID_VALUE, "currency",
                        "currency must be 3 letters: %s", currency);
  if (ec != CORE_EC_OK)
    return web_reply_json_error(req, &err);
  json_t *fix = NULL;
  if (currency != NULL || accept_currency) {
    fix = json_object();
    if (currency != NULL)
      json_object_set_new(fix, "currency", json_string(currency));
    if (accept_currency)
      json_object_set_new(fix, "accept_currency", json_true());
  }
  const char *fx = dump(req->arena, fix);
  json_decref(fix);
  struct core_stock_actor who = web_stock_actor(req);
  const char *doc;
  const char *field = NULL;
  ec = core_order_fix(id, dump(req->arena, ship_to), lns, fx, &who, req->arena,
                      &doc, &field);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, field, NULL);
  return web_reply_text_json(req, MHD_HTTP_OK, doc);
}
