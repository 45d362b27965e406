#include "web_products_post.h"

#include "core_arena.h"
#include "core_catalog.h"
#include "core_json.h"
#include "core_proc.h"
#include "web_product_input.h"
#include "web_reply.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Checks that JSON cannot express: code shape, flag combinations. */
static enum core_ec
check_rules(struct core_product *p, bool lot_given, struct core_json_error *err)
{
  const char *s = p->sku;
  if (!isalnum((unsigned char)s[0]))
    return core_json_fail(err, CORE_EC_INVALID_VALUE, "sku",
                          "\"%.64s\" must start with a letter or digit", s);
  for (; *s != '\0'; s++) {
    if (!(isascii((unsigned char)*s) &&
          (isalnum((unsigned char)*s) || strchr("._/-", *s) != NULL)))
      return core_json_fail(
          err, CORE_EC_INVALID_VALUE, "sku",
          "\"%.64s\" may hold only letters, digits and . _ / -", p->sku);
  }
  if (p->expiry_tracked && !p->lot_tracked) {
    if (lot_given)
      return core_json_fail(
          err, CORE_EC_INVALID_VALUE, "expiry_tracked",
          "expiry is tracked per lot: lot_tracked must be true");
    p->lot_tracked = true;
  }
  return CORE_EC_OK;
}

static enum core_ec
parse_body(const json_t *body, struct core_product *p, struct core_arena *a,
           struct core_json_error *err)
{
  const json_t *barcodes = NULL, *dims = NULL, *components = NULL;
  bool lot_given = false, kind_given = false;
  int kind = 0;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("sku", &p->sku, 64)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("name", &p->name, 300)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("category", &p->category, 100)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("unit", &p->unit, 16)),
      CORE_JSON_OPT(NULL,
                    CORE_JSON_K_DECIMAL("weight_kg", &p->weight_kg, 3, 7)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_ARRAY("dims_cm", &dims)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DECIMAL("cost", &p->cost, 4, 10)),
      CORE_JSON_OPT(NULL,
                    CORE_JSON_K_DECIMAL("list_price", &p->list_price, 2, 12)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_BOOL("active", &p->active)),
      CORE_JSON_OPT(&lot_given,
                    CORE_JSON_K_BOOL("lot_tracked", &p->lot_tracked)),
      CORE_JSON_OPT(NULL,
                    CORE_JSON_K_BOOL("expiry_tracked", &p->expiry_tracked)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_ARRAY("barcodes", &barcodes)),
      CORE_JSON_OPT(&kind_given,
                    CORE_JSON_K_CHOICE("kind", &kind, web_product_input_kinds)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_ARRAY("components", &components)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("owner", &p->owner, 32)),
      CORE_JSON_END,
  };
  enum core_ec ec = core_json_parse(body, spec, true, NULL, a, err);
  if (ec == CORE_EC_OK && dims != NULL)
    ec = web_product_input_dims(dims, a, p->dims_cm, err);
  if (ec == CORE_EC_OK && barcodes != NULL)
    ec = web_product_input_barcodes(barcodes, "barcodes", a, &p->barcodes,
                                    &p->nbarcodes, err);
  if (ec == CORE_EC_OK && components != NULL)
    ec = web_product_input_components(components, a, &p->components, err);
  if (ec == CORE_EC_OK && kind_given)
    p->kind = web_product_input_kinds[kind];
  if (ec == CORE_EC_OK)
    ec = check_rules(p, lot_given, err);
  return ec;
}

enum MHD_Result
web_products_post(struct web_request *req)
{
  struct core_product p = {.category = "", .unit = "pcs", .active = true};
  struct core_json_error err;
  if (parse_body(req->json, &p, req->arena, &err) != CORE_EC_OK)
    return web_reply_json_error(req, &err);
  const char *doc;
  unsigned bad = 0;
  struct core_outcome kit = {.ec = CORE_EC_OK};
  p.kit_refusal = &kit;
  enum core_ec ec = core_catalog_create(&p, req->arena, &doc, &bad);
  if (ec != CORE_EC_OK && kit.ec == ec)
    return web_reply_error(req, ec, kit.field, "%s",
                           kit.detail != NULL ? kit.detail : "");
  switch (ec) {
    case CORE_EC_OK:
      return web_reply_text_json(req, MHD_HTTP_CREATED, doc);
    case CORE_EC_ALREADY_EXISTS:
      return web_reply_error(req, ec, "sku", "SKU %s exists already", p.sku);
    case CORE_EC_UNKNOWN_OWNER:
      return web_reply_error(req, ec, "owner", "no stock owner %s", p.owner);
    case CORE_EC_BARCODE_TAKEN: {
      char field[32];
      snprintf(field, sizeof field, "barcodes[%u].code", bad);
      return web_reply_error(req, ec, field,
                             "barcode %s belongs to another SKU",
                             p.barcodes[bad].code);
    }
    default:
      return web_reply_error(req, ec, NULL, NULL);
  }
}
