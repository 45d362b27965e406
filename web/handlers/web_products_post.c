#include "web_products_post.h"

#include "core_arena.h"
#include "core_catalog.h"
#include "core_json.h"
#include "dev_checkdigit.h"
#include "web_reply.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static enum core_ec refuse(struct core_json_error *err, enum core_ec ec,
                           const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Fills @a err for a rule the specs cannot express; returns @a ec. */
static enum core_ec
refuse(struct core_json_error *err, enum core_ec ec, const char *field,
       const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  snprintf(err->field, sizeof err->field, "%s", field);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  return err->ec = ec;
}

/* A code of only digits with a GTIN's length must carry a valid GTIN. */
static bool
looks_like_gtin(const char *code)
{
  size_t n = strlen(code);
  if (n != 8 && n != 12 && n != 13 && n != 14)
    return false;
  for (size_t i = 0; i < n; i++) {
    if (!isdigit((unsigned char)code[i]))
      return false;
  }
  return true;
}

static enum core_ec
parse_barcode(const json_t *v, unsigned i, struct core_barcode *b,
              struct core_arena *a, struct core_json_error *err)
{
  char prefix[32];
  snprintf(prefix, sizeof prefix, "barcodes[%u]", i);
  b->pack_qty = 1;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("code", &b->code, 64)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("pack_qty", &b->pack_qty, 1, 100000)),
      CORE_JSON_END,
  };
  enum core_ec ec = core_json_parse(v, spec, true, prefix, a, err);
  if (ec != CORE_EC_OK)
    return ec;
  snprintf(prefix, sizeof prefix, "barcodes[%u].code", i);
  for (const char *p = b->code; *p != '\0'; p++) {
    if (*p < ' ' || *p > '~')
      return refuse(err, CORE_EC_INVALID_VALUE, prefix,
                    "\"%.64s\" may hold only printable ASCII", b->code);
  }
  b->gtin14 = NULL;
  if (looks_like_gtin(b->code)) {
    char *g = core_arena_alloc(a, 15);
    if (!dev_checkdigit_is_gtin(b->code, g))
      return refuse(err, CORE_EC_INVALID_GTIN, prefix,
                    "%s is not a valid GTIN: its check digit is wrong",
                    b->code);
    b->gtin14 = g;
  }
  return CORE_EC_OK;
}

static enum core_ec
parse_barcodes(const json_t *arr, struct core_product *p, struct core_arena *a,
               struct core_json_error *err)
{
  size_t n = json_array_size(arr);
  if (n > 50)
    return refuse(err, CORE_EC_INVALID_VALUE, "barcodes",
                  "at most 50 barcodes per SKU%s", "");
  p->barcodes = core_arena_alloc(a, sizeof *p->barcodes * (n ? n : 1));
  for (size_t i = 0; i < n; i++) {
    enum core_ec ec = parse_barcode(json_array_get(arr, i), (unsigned)i,
                                    &p->barcodes[i], a, err);
    if (ec != CORE_EC_OK)
      return ec;
    for (size_t k = 0; k < i; k++) {
      if (strcmp(p->barcodes[k].code, p->barcodes[i].code) == 0) {
        char f[32];
        snprintf(f, sizeof f, "barcodes[%zu].code", i);
        return refuse(err, CORE_EC_INVALID_VALUE, f, "%s is listed twice",
                      p->barcodes[i].code);
      }
    }
  }
  p->nbarcodes = (unsigned)n;
  return CORE_EC_OK;
}

static enum core_ec
parse_dims(const json_t *arr, struct core_product *p, struct core_arena *a,
           struct core_json_error *err)
{
  if (json_array_size(arr) != 3)
    return refuse(err, CORE_EC_INVALID_VALUE, "dims_cm",
                  "dims_cm is [length, width, height]%s", "");
  for (size_t i = 0; i < 3; i++) {
    json_t *holder = json_pack("{s:O}", "d", json_array_get(arr, i));
    struct core_json_spec spec[] = {
        CORE_JSON_REQ(CORE_JSON_K_DECIMAL("d", &p->dims_cm[i], 1, 6)),
        CORE_JSON_END,
    };
    enum core_ec ec = core_json_parse(holder, spec, true, NULL, a, err);
    json_decref(holder);
    if (ec != CORE_EC_OK) {
      snprintf(err->field, sizeof err->field, "dims_cm[%zu]", i);
      return ec;
    }
  }
  return CORE_EC_OK;
}

/* Checks that JSON cannot express: code shape, flag combinations. */
static enum core_ec
check_rules(struct core_product *p, bool lot_given, struct core_json_error *err)
{
  const char *s = p->sku;
  if (!isalnum((unsigned char)s[0]))
    return refuse(err, CORE_EC_INVALID_VALUE, "sku",
                  "\"%.64s\" must start with a letter or digit", s);
  for (; *s != '\0'; s++) {
    if (!(isascii((unsigned char)*s) &&
          (isalnum((unsigned char)*s) || strchr("._/-", *s) != NULL)))
      return refuse(err, CORE_EC_INVALID_VALUE, "sku",
                    "\"%.64s\" may hold only letters, digits and . _ / -",
                    p->sku);
  }
  if (p->expiry_tracked && !p->lot_tracked) {
    if (lot_given)
      return refuse(err, CORE_EC_INVALID_VALUE, "expiry_tracked",
                    "expiry is tracked per lot: lot_tracked must be true%s",
                    "");
    p->lot_tracked = true;
  }
  return CORE_EC_OK;
}

static enum core_ec
parse_body(const json_t *body, struct core_product *p, struct core_arena *a,
           struct core_json_error *err)
{
  const json_t *barcodes = NULL, *dims = NULL;
  bool lot_given = false;
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
      CORE_JSON_END,
  };
  enum core_ec ec = core_json_parse(body, spec, true, NULL, a, err);
  if (ec == CORE_EC_OK && dims != NULL)
    ec = parse_dims(dims, p, a, err);
  if (ec == CORE_EC_OK && barcodes != NULL)
    ec = parse_barcodes(barcodes, p, a, err);
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
  enum core_ec ec = core_catalog_create(&p, req->arena, &doc, &bad);
  switch (ec) {
    case CORE_EC_OK:
      return web_reply_text_json(req, MHD_HTTP_CREATED, doc);
    case CORE_EC_ALREADY_EXISTS:
      return web_reply_error(req, ec, "sku", "SKU %s exists already", p.sku);
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
