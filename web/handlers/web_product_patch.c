#include "web_product_patch.h"

#include "core_arena.h"
#include "core_catalog.h"
#include "core_json.h"
#include "core_proc.h"
#include "web_product_input.h"
#include "web_reply.h"

#include <stdio.h>

/* "planning": [{"warehouse","reorder_point","safety_stock"}, …] */
static enum core_ec
parse_planning(const json_t *arr, struct core_product_patch *p,
               struct core_arena *a, struct core_json_error *err)
{
  size_t n = json_array_size(arr);
  p->planning = core_arena_alloc(a, sizeof *p->planning * (n + 1));
  for (size_t i = 0; i < n; i++) {
    struct core_planning *pl = &p->planning[i];
    pl->reorder_point = -1;
    char prefix[32];
    snprintf(prefix, sizeof prefix, "planning[%zu]", i);
    struct core_json_spec spec[] = {
        CORE_JSON_REQ(CORE_JSON_K_CODE("warehouse", &pl->warehouse, 32)),
        CORE_JSON_OPT(NULL, CORE_JSON_K_INT("reorder_point", &pl->reorder_point,
                                            0, 1000000000)),
        CORE_JSON_OPT(NULL, CORE_JSON_K_INT("safety_stock", &pl->safety_stock,
                                            0, 1000000000)),
        CORE_JSON_END,
    };
    enum core_ec ec =
        core_json_parse(json_array_get(arr, i), spec, true, prefix, a, err);
    if (ec != CORE_EC_OK)
      return ec;
  }
  p->nplanning = (unsigned)n;
  return CORE_EC_OK;
}

/* "remove_barcodes": ["code", …] */
static enum core_ec
parse_removals(const json_t *arr, struct core_product_patch *p,
               struct core_arena *a, struct core_json_error *err)
{
  size_t n = json_array_size(arr);
  p->remove = core_arena_alloc(a, sizeof *p->remove * (n + 1));
  for (size_t i = 0; i < n; i++) {
    const char *code = json_string_value(json_array_get(arr, i));
    if (code == NULL) {
      char field[40];
      snprintf(field, sizeof field, "remove_barcodes[%zu]", i);
      return core_json_fail(err, CORE_EC_WRONG_TYPE, field,
                            "expected a barcode string");
    }
    p->remove[i] = code;
  }
  p->nremove = (unsigned)n;
  return CORE_EC_OK;
}

static enum core_ec
parse_body(const json_t *body, struct core_product_patch *p,
           struct core_arena *a, struct core_json_error *err)
{
  const json_t *dims = NULL, *add = NULL, *rm = NULL, *plan = NULL;
  const json_t *components = NULL;
  bool active = false, active_given = false, kind_given = false;
  int kind = 0;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("name", &p->name, 300)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("category", &p->category, 100)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("unit", &p->unit, 16)),
      CORE_JSON_OPT(NULL,
                    CORE_JSON_K_DECIMAL("weight_kg", &p->weight_kg, 3, 7)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_ARRAY("dims_cm", &dims)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DECIMAL("cost", &p->cost, 4, 10)),
      CORE_JSON_OPT(NULL,
                    CORE_JSON_K_DECIMAL("list_price", &p->list_price, 2, 12)),
      CORE_JSON_OPT(&active_given, CORE_JSON_K_BOOL("active", &active)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_ARRAY("add_barcodes", &add)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_ARRAY("remove_barcodes", &rm)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_ARRAY("planning", &plan)),
      CORE_JSON_OPT(&kind_given,
                    CORE_JSON_K_CHOICE("kind", &kind, web_product_input_kinds)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_ARRAY("components", &components)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("owner", &p->owner, 32)),
      CORE_JSON_END,
  };
  enum core_ec ec = core_json_parse(body, spec, true, NULL, a, err);
  p->active = active_given ? active : -1;
  if (ec == CORE_EC_OK && dims != NULL)
    ec = web_product_input_dims(dims, a, p->dims_cm, err);
  if (ec == CORE_EC_OK && add != NULL)
    ec = web_product_input_barcodes(add, "add_barcodes", a, &p->add, &p->nadd,
                                    err);
  if (ec == CORE_EC_OK && rm != NULL)
    ec = parse_removals(rm, p, a, err);
  if (ec == CORE_EC_OK && plan != NULL)
    ec = parse_planning(plan, p, a, err);
  if (ec == CORE_EC_OK && components != NULL)
    ec = web_product_input_components(components, a, &p->components, err);
  if (ec == CORE_EC_OK && kind_given)
    p->kind = web_product_input_kinds[kind];
  return ec;
}

enum MHD_Result
web_product_patch(struct web_request *req)
{
  struct core_product_patch p = {.active = -1};
  struct core_json_error err;
  if (parse_body(req->json, &p, req->arena, &err) != CORE_EC_OK)
    return web_reply_json_error(req, &err);
  const char *doc;
  unsigned bad = 0;
  struct core_outcome kit = {.ec = CORE_EC_OK};
  p.kit_refusal = &kit;
  enum core_ec ec =
      core_catalog_patch(req->params[0], &p, req->arena, &doc, &bad);
  if (ec != CORE_EC_OK && kit.ec == ec)
    return web_reply_error(req, ec, kit.field, "%s",
                           kit.detail != NULL ? kit.detail : "");
  char field[48];
  switch (ec) {
    case CORE_EC_OK:
      return web_reply_text_json(req, MHD_HTTP_OK, doc);
    case CORE_EC_NOT_FOUND:
      return web_reply_error(req, ec, NULL, "no product %.64s", req->params[0]);
    case CORE_EC_UNKNOWN_OWNER:
      return web_reply_error(req, ec, "owner", "no stock owner %s", p.owner);
    case CORE_EC_OWNER_FIXED:
      return web_reply_error(req, ec, "owner",
                             "SKU %.64s has stock, moves or lines: its owner"
                             " cannot change",
                             req->params[0]);
    case CORE_EC_BARCODE_TAKEN:
      snprintf(field, sizeof field, "add_barcodes[%u].code", bad);
      return web_reply_error(
          req, ec, field, "barcode %s belongs to another SKU", p.add[bad].code);
    case CORE_EC_UNKNOWN_WAREHOUSE:
      snprintf(field, sizeof field, "planning[%u].warehouse", bad);
      return web_reply_error(req, ec, field, "no warehouse %s",
                             p.planning[bad].warehouse);
    default:
      return web_reply_error(req, ec, NULL, NULL);
  }
}
