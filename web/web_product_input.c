#include "web_product_input.h"

#include "core_arena.h"
#include "dev_checkdigit.h"

#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

enum { MAX_BARCODES = 50, MAX_COMPONENTS = 50 };

const char *const web_product_input_kinds[] = {"item", "kit", NULL};

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
one_barcode(const json_t *v, const char *prefix, struct core_barcode *b,
            struct core_arena *a, struct core_json_error *err)
{
  b->pack_qty = 1;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("code", &b->code, 64)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("pack_qty", &b->pack_qty, 1, 100000)),
      CORE_JSON_END,
  };
  enum core_ec ec = core_json_parse(v, spec, true, prefix, a, err);
  if (ec != CORE_EC_OK)
    return ec;
  char field[64];
  snprintf(field, sizeof field, "%s.code", prefix);
  for (const char *p = b->code; *p != '\0'; p++) {
    if (*p < ' ' || *p > '~')
      return core_json_fail(err, CORE_EC_INVALID_VALUE, field,
                            "\"%.64s\" may hold only printable ASCII", b->code);
  }
  b->gtin14 = NULL;
  if (looks_like_gtin(b->code)) {
    char *g = core_arena_alloc(a, 15);
    if (!dev_checkdigit_is_gtin(b->code, g))
      return core_json_fail(err, CORE_EC_INVALID_GTIN, field,
                            "%s is not a valid GTIN: its check digit is wrong",
                            b->code);
    b->gtin14 = g;
  }
  return CORE_EC_OK;
}

enum core_ec
web_product_input_barcodes(const json_t *arr, const char *field,
                           struct core_arena *arena, struct core_barcode **out,
                           unsigned *n, struct core_json_error *err)
{
  size_t len = json_array_size(arr);
  if (len > MAX_BARCODES)
    return core_json_fail(err, CORE_EC_INVALID_VALUE, field,
                          "at most %d barcodes per request", MAX_BARCODES);
  struct core_barcode *list = core_arena_alloc(arena, sizeof *list * (len + 1));
  for (size_t i = 0; i < len; i++) {
    char prefix[48];
    snprintf(prefix, sizeof prefix, "%s[%zu]", field, i);
    enum core_ec ec =
        one_barcode(json_array_get(arr, i), prefix, &list[i], arena, err);
    if (ec != CORE_EC_OK)
      return ec;
    for (size_t k = 0; k < i; k++) {
      if (strcmp(list[k].code, list[i].code) == 0)
        return core_json_fail(err, CORE_EC_INVALID_VALUE, prefix,
                              "%s is listed twice", list[i].code);
    }
  }
  *out = list;
  *n = (unsigned)len;
  return CORE_EC_OK;
}

enum core_ec
web_product_input_dims(const json_t *arr, struct core_arena *arena,
                       const char *dims[3], struct core_json_error *err)
{
  if (json_array_size(arr) != 3)
    return core_json_fail(err, CORE_EC_INVALID_VALUE, "dims_cm",
                          "dims_cm is [length, width, height]");
  for (size_t i = 0; i < 3; i++) {
    /* Reuse the decimal parser through a one-field object. */
    json_t *holder = json_pack("{s:O}", "d", json_array_get(arr, i));
    struct core_json_spec spec[] = {
        CORE_JSON_REQ(CORE_JSON_K_DECIMAL("d", &dims[i], 1, 6)),
        CORE_JSON_END,
    };
    enum core_ec ec = core_json_parse(holder, spec, true, NULL, arena, err);
    json_decref(holder);
    if (ec != CORE_EC_OK) {
      snprintf(err->field, sizeof err->field, "dims_cm[%zu]", i);
      return ec;
    }
  }
  return CORE_EC_OK;
}

enum core_ec
web_product_input_components(const json_t *arr, struct core_arena *arena,
                             const char **text, struct core_json_error *err)
{
  size_t len = json_array_size(arr);
  if (len > MAX_COMPONENTS)
    return core_json_fail(err, CORE_EC_INVALID_VALUE, "components",
                          "at most %d components per kit", MAX_COMPONENTS);
  /* Rebuilt from the parsed fields: SQL gets what was parsed. */
  json_t *out = json_array();
  for (size_t i = 0; i < len; i++) {
    char prefix[32];
    snprintf(prefix, sizeof prefix, "components[%zu]", i);
    const char *sku = NULL;
    int64_t qty = 1;
    struct core_json_spec spec[] = {
        CORE_JSON_REQ(CORE_JSON_K_STRING("sku", &sku, 64)),
        CORE_JSON_OPT(NULL, CORE_JSON_K_INT("qty", &qty, 1, 10000)),
        CORE_JSON_END,
    };
    enum core_ec ec =
        core_json_parse(json_array_get(arr, i), spec, true, prefix, arena, err);
    if (ec != CORE_EC_OK) {
      json_decref(out);
      return ec;
    }
    json_array_append_new(
        out, json_pack("{s:s, s:I}", "sku", sku, "qty", (json_int_t)qty));
  }
  char *dump = json_dumps(out, JSON_COMPACT);
  json_decref(out);
  *text = core_arena_strdup(arena, dump);
  free(dump);
  return CORE_EC_OK;
}
