#include "web_purchase_order_receipts_post.h"

#include "core_json.h"
#include "core_purchase.h"
#include "dev_gs1.h"
#include "web_floor.h"
#include "web_param.h"
#include "web_reply.h"
#include "web_stock_reply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The GTIN, lot and expiry a GS1 scan carries, set on line @a l. */
static bool
apply_gs1(json_t *l, const char *code)
{
  struct dev_gs1_result *g = calloc(1, sizeof *g);
  bool ok = g != NULL &&
            dev_gs1_parse(code, strlen(code), NULL, g, NULL) == DEV_GS1_OK &&
            dev_gs1_find(g, "01") != NULL;
  if (ok) {
    json_object_set_new(l, "sku", json_string(dev_gs1_find(g, "01")->value));
    const struct dev_gs1_element *lot = dev_gs1_find(g, "10");
    const struct dev_gs1_element *exp = dev_gs1_find(g, "17");
    if (lot != NULL && json_object_get(l, "lot") == NULL)
      json_object_set_new(l, "lot", json_string(lot->value));
    if (exp != NULL && exp->date[0] != '\0' &&
        json_object_get(l, "expiry") == NULL)
      json_object_set_new(l, "expiry", json_string(exp->date));
  }
  free(g);
  return ok;
}

/* Fills @a err; false, for `return`. */
static bool
bad(struct core_json_error *err, enum core_ec ec, const char *field,
    const char *msg)
{
  core_json_fail(err, ec, field, "%s", msg);
  return false;
}

/* Checks line @a i and turns a scanned code into sku, lot and expiry. */
static bool
line_ok(json_t *x, size_t i, struct core_arena *arena,
        struct core_json_error *err)
{
  const char *sku = NULL, *code = NULL, *lot = NULL, *expiry = NULL;
  const char *bin = NULL;
  int64_t qty = 0, damaged = 0;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("sku", &sku, 64)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("code", &code, 512)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("qty", &qty, 0, 100000000)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("damaged", &damaged, 0, 100000000)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("lot", &lot, 20)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DATE("expiry", &expiry)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("bin", &bin, 32)),
      CORE_JSON_END,
  };
  char prefix[32];
  snprintf(prefix, sizeof prefix, "lines[%zu]", i);
  if (!json_is_object(x))
    return bad(err, CORE_EC_WRONG_TYPE, prefix, "expected an object");
  if (core_json_parse(x, spec, true, prefix, arena, err) != CORE_EC_OK)
    return false;
  char field[48];
  snprintf(field, sizeof field, "%s.%s", prefix, code != NULL ? "code" : "sku");
  if ((sku == NULL) == (code == NULL))
    return bad(err, CORE_EC_MISSING_FIELD, field,
               "give the sku or the scanned code");
  if (qty + damaged == 0)
    return bad(err, CORE_EC_OUT_OF_RANGE, prefix, "receive at least one unit");
  if (code != NULL && web_floor_looks_gs1(code) && !apply_gs1(x, code))
    return bad(err, CORE_EC_INVALID_VALUE, field, "not a GS1 code with a GTIN");
  if (code != NULL && json_object_get(x, "sku") == NULL)
    json_object_set_new(x, "sku", json_string(code));
  json_object_del(x, "code");
  if (bin != NULL)
    json_object_set_new(x, "bin", json_string(bin));
  return true;
}

enum MHD_Result
web_purchase_order_receipts_post(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  struct core_receipt_req r = {0};
  const json_t *lines;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_ARRAY("lines", &lines)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DECIMAL("freight", &r.freight, 2, 12)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DECIMAL("duty", &r.duty, 2, 12)),
      CORE_JSON_OPT(
          NULL, CORE_JSON_K_STRING("idempotency_key", &r.idempotency_key, 128)),
      CORE_JSON_END,
  };
  struct core_json_error err;
  if (core_json_parse(req->json, spec, true, NULL, req->arena, &err) !=
      CORE_EC_OK)
    return web_reply_json_error(req, &err);
  if (json_array_size(lines) == 0 || json_array_size(lines) > 500)
    return web_reply_error(req, CORE_EC_OUT_OF_RANGE, "lines",
                           "a receipt has 1 to 500 lines");
  json_t *copy = json_deep_copy(lines);
  size_t i;
  json_t *x;
  bool ok = true;
  json_array_foreach(copy, i, x) if (ok) ok = line_ok(x, i, req->arena, &err);
  char *text = ok ? json_dumps(copy, JSON_COMPACT) : NULL;
  json_decref(copy);
  if (!ok)
    return web_reply_json_error(req, &err);
  r.lines = text;
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec = core_purchase_receive(id, &r, &who, req->arena, &out);
  free(text);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
