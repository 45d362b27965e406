#include "web_returns.h"

#include "core_returns.h"
#include "web_floor.h"
#include "web_param.h"
#include "web_reply.h"
#include "web_scan.h"
#include "web_stock_reply.h"

#include <stdio.h>
#include <stdlib.h>

const char *const web_returns_reasons[] = {
    "damaged_in_transit", "wrong_item",   "not_as_described",
    "size_colour",        "changed_mind", "quality_defect",
    "missing_parts",      "other",        NULL,
};

static const char *const conditions[] = {"sellable", "damaged", "defective",
                                         NULL};
static const char *const actions[] = {"restock", "quarantine", "scrap",
                                      "to_supplier", NULL};

/* Checks that @a lines is a non-empty array of objects; the prefix of
 * line i goes to @a prefix. */
static bool
line_ok(const json_t *x, size_t i, char *prefix, size_t cap,
        struct core_json_error *err)
{
  snprintf(prefix, cap, "lines[%zu]", i);
  if (json_is_object(x))
    return true;
  core_json_fail(err, CORE_EC_WRONG_TYPE, prefix, "expected an object");
  return false;
}

static json_t *
empty_fail(json_t *out, struct core_json_error *err)
{
  if (json_array_size(out) > 0)
    return out;
  json_decref(out);
  core_json_fail(err, CORE_EC_OUT_OF_RANGE, "lines", "give at least one line");
  return NULL;
}

json_t *
web_returns_ask_lines(const json_t *lines, struct core_arena *arena,
                      struct core_json_error *err)
{
  json_t *out = json_array();
  size_t i;
  const json_t *x;
  json_array_foreach(lines, i, x)
  {
    const char *sku;
    int64_t qty;
    int reason = 7;
    char prefix[32];
    struct core_json_spec spec[] = {
        CORE_JSON_REQ(CORE_JSON_K_STRING("sku", &sku, 64)),
        CORE_JSON_REQ(CORE_JSON_K_INT("qty", &qty, 1, 100000)),
        CORE_JSON_OPT(
            NULL, CORE_JSON_K_CHOICE("reason", &reason, web_returns_reasons)),
        CORE_JSON_END,
    };
    if (!line_ok(x, i, prefix, sizeof prefix, err) ||
        core_json_parse(x, spec, true, prefix, arena, err) != CORE_EC_OK) {
      json_decref(out);
      return NULL;
    }
    json_array_append_new(out, json_pack("{s:s, s:I, s:s}", "sku", sku, "qty",
                                         (json_int_t)qty, "reason",
                                         web_returns_reasons[reason]));
  }
  return empty_fail(out, err);
}

json_t *
web_returns_replace_lines(const json_t *lines, struct core_arena *arena,
                          struct core_json_error *err)
{
  json_t *out = json_array();
  size_t i;
  const json_t *x;
  json_array_foreach(lines, i, x)
  {
    const char *sku;
    int64_t qty;
    char prefix[32];
    struct core_json_spec spec[] = {
        CORE_JSON_REQ(CORE_JSON_K_STRING("sku", &sku, 64)),
        CORE_JSON_REQ(CORE_JSON_K_INT("qty", &qty, 1, 100000)),
        CORE_JSON_END,
    };
    if (!line_ok(x, i, prefix, sizeof prefix, err) ||
        core_json_parse(x, spec, true, prefix, arena, err) != CORE_EC_OK) {
      json_decref(out);
      return NULL;
    }
    json_array_append_new(
        out, json_pack("{s:s, s:I}", "sku", sku, "qty", (json_int_t)qty));
  }
  return empty_fail(out, err);
}

/* One receive line: the scanned item, given as "sku" or as "code" (what
 * the scanner read: a SKU code, a barcode or GS1 with its lot), read as
 * GS1 when it is. */
static json_t *
receive_line(const json_t *x, const char *prefix, struct core_arena *arena,
             struct core_json_error *err)
{
  struct web_scan by_sku, by_code;
  bool has_sku = false, has_code = false;
  const char *lot = NULL;
  int64_t qty = 1;
  int cond = 0;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(&has_sku, WEB_SCAN_FIELD("sku", &by_sku, 200)),
      CORE_JSON_OPT(&has_code, WEB_SCAN_FIELD("code", &by_code, 200)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("qty", &qty, 1, 100000)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CHOICE("condition", &cond, conditions)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("lot", &lot, 20)),
      CORE_JSON_END,
  };
  if (core_json_parse(x, spec, true, prefix, arena, err) != CORE_EC_OK)
    return NULL;
  if (has_sku == has_code) {
    char field[48];
    snprintf(field, sizeof field, "%s.sku", prefix);
    core_json_fail(err, has_sku ? CORE_EC_INVALID_VALUE : CORE_EC_MISSING_FIELD,
                   field, "%s",
                   has_sku ? "give the item as sku or as code, not both"
                           : "give the item as sku or as code");
    return NULL;
  }
  const struct web_scan item = has_sku ? by_sku : by_code;
  json_t *o = json_pack("{s:s, s:I, s:s}", "sku", item.code, "qty",
                        (json_int_t)qty, "condition", conditions[cond]);
  if (item.gtin != NULL)
    json_object_set_new(o, "gtin", json_string(item.gtin));
  const char *l = lot != NULL ? lot : item.lot;
  if (l != NULL)
    json_object_set_new(o, "lot", json_string(l));
  return o;
}

json_t *
web_returns_receive_lines(const json_t *lines, struct core_arena *arena,
                          struct core_json_error *err)
{
  json_t *out = json_array();
  size_t i;
  const json_t *x;
  json_array_foreach(lines, i, x)
  {
    char prefix[32];
    json_t *o = line_ok(x, i, prefix, sizeof prefix, err)
                    ? receive_line(x, prefix, arena, err)
                    : NULL;
    if (o == NULL) {
      json_decref(out);
      return NULL;
    }
    json_array_append_new(out, o);
  }
  return empty_fail(out, err);
}

/* One dispose line. */
static json_t *
dispose_line(const json_t *x, const char *prefix, struct core_arena *arena,
             struct core_json_error *err)
{
  const char *sku, *bin = NULL, *supplier = NULL;
  int64_t qty;
  int action, cond = -1;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("sku", &sku, 64)),
      CORE_JSON_REQ(CORE_JSON_K_INT("qty", &qty, 1, 100000)),
      CORE_JSON_REQ(CORE_JSON_K_CHOICE("action", &action, actions)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("bin", &bin, 32)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CHOICE("condition", &cond, conditions)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("supplier", &supplier, 32)),
      CORE_JSON_END,
  };
  if (core_json_parse(x, spec, true, prefix, arena, err) != CORE_EC_OK)
    return NULL;
  json_t *o = json_pack("{s:s, s:I, s:s}", "sku", sku, "qty", (json_int_t)qty,
                        "action", actions[action]);
  if (bin != NULL)
    json_object_set_new(o, "bin", json_string(bin));
  if (cond >= 0)
    json_object_set_new(o, "condition", json_string(conditions[cond]));
  if (supplier != NULL)
    json_object_set_new(o, "supplier", json_string(supplier));
  return o;
}

json_t *
web_returns_dispose_lines(const json_t *lines, struct core_arena *arena,
                          struct core_json_error *err)
{
  json_t *out = json_array();
  size_t i;
  const json_t *x;
  json_array_foreach(lines, i, x)
  {
    char prefix[32];
    json_t *o = line_ok(x, i, prefix, sizeof prefix, err)
                    ? dispose_line(x, prefix, arena, err)
                    : NULL;
    if (o == NULL) {
      json_decref(out);
      return NULL;
    }
    json_array_append_new(out, o);
  }
  return empty_fail(out, err);
}

enum MHD_Result
web_returns_act(struct web_request *req, const char *op, json_t *doc,
                const char *key)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret)) {
    json_decref(doc);
    return ret;
  }
  char *text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(doc);
  if (text == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec = core_returns_act(id, op, text, key, &who, req->arena, &out);
  free(text);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
