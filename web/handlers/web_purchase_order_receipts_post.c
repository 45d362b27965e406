#include "web_purchase_order_receipts_post.h"

#include "core_arena.h"
#include "core_json.h"
#include "core_purchase.h"
#include "web_floor.h"
#include "web_param.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_scan.h"
#include "web_stock_reply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fills @a err; false, for `return`. */
static bool
bad(struct core_json_error *err, enum core_ec ec, const char *field,
    const char *msg)
{
  core_json_fail(err, ec, field, "%s", msg);
  return false;
}

/* Sets @a key of @a o to @a v (in) when it is not NULL. */
static void
put(json_t *o, const char *key, const char *v)
{
  if (v != NULL)
    json_object_set_new(o, key, json_string(v));
}

/*
 * Checks line @a x (in, index @a i) and appends what it says, as the
 * procedure reads it ({sku, qty, damaged, lot, expiry, bin}), to @a out:
 * a scanned code gives the SKU (its GTIN when it is GS1 data, and then
 * the lot and expiry it carries unless the line names them).
 */
static bool
line_ok(const json_t *x, size_t i, struct core_arena *arena, json_t *out,
        struct core_json_error *err)
{
  const char *sku = NULL, *lot = NULL, *expiry = NULL, *bin = NULL;
  struct web_scan code = {0};
  bool scanned = false, has_qty = false, has_damaged = false;
  int64_t qty = 0, damaged = 0;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("sku", &sku, 64)),
      CORE_JSON_OPT(&scanned, WEB_SCAN_FIELD("code", &code, 512)),
      CORE_JSON_OPT(&has_qty, CORE_JSON_K_INT("qty", &qty, 0, 100000000)),
      CORE_JSON_OPT(&has_damaged,
                    CORE_JSON_K_INT("damaged", &damaged, 0, 100000000)),
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
  snprintf(field, sizeof field, "%s.%s", prefix, scanned ? "code" : "sku");
  if ((sku == NULL) == !scanned)
    return bad(err, CORE_EC_MISSING_FIELD, field,
               "give the sku or the scanned code");
  if (qty + damaged == 0)
    return bad(err, CORE_EC_OUT_OF_RANGE, prefix, "receive at least one unit");
  if (scanned && code.looks_gs1 && code.gtin == NULL)
    return bad(err, CORE_EC_INVALID_VALUE, field, "not a GS1 code with a GTIN");
  if (scanned) {
    sku = code.gtin != NULL ? code.gtin : code.code;
    lot = lot != NULL ? lot : code.lot;
    expiry = expiry != NULL ? expiry : code.expiry;
  }
  json_t *l = json_pack("{s:s}", "sku", sku);
  if (has_qty)
    json_object_set_new(l, "qty", json_integer(qty));
  if (has_damaged)
    json_object_set_new(l, "damaged", json_integer(damaged));
  put(l, "lot", lot);
  put(l, "expiry", expiry);
  put(l, "bin", bin);
  json_array_append_new(out, l);
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
  bool has_packages = false;
  int64_t packages = 0;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_ARRAY("lines", &lines)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DECIMAL("freight", &r.freight, 2, 12)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DECIMAL("duty", &r.duty, 2, 12)),
      CORE_JSON_OPT(
          NULL, CORE_JSON_K_STRING("idempotency_key", &r.idempotency_key, 128)),
      /* Without an ASN, what arrived (3PL billing per carton or pallet):
       * the level (carton, the default, or pallet) and how many. */
      CORE_JSON_OPT(NULL,
                    CORE_JSON_K_STRING("package_level", &r.package_level, 16)),
      CORE_JSON_OPT(&has_packages,
                    CORE_JSON_K_INT("packages", &packages, 1, 100000)),
      CORE_JSON_END,
  };
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if (r.package_level != NULL && strcmp(r.package_level, "carton") != 0 &&
      strcmp(r.package_level, "pallet") != 0)
    return web_reply_error(req, CORE_EC_PACKAGE_LEVEL_INVALID, "package_level",
                           "%s is not carton or pallet", r.package_level);
  if (has_packages)
    r.packages = core_arena_printf(req->arena, "%lld", (long long)packages);
  if (json_array_size(lines) == 0 || json_array_size(lines) > 500)
    return web_reply_error(req, CORE_EC_OUT_OF_RANGE, "lines",
                           "a receipt has 1 to 500 lines");
  /* The procedure gets the lines as parsed, not the body as sent. */
  json_t *parsed = json_array();
  struct core_json_error err;
  size_t i;
  const json_t *x;
  bool ok = true;
  json_array_foreach(lines, i, x)
  {
    if (ok)
      ok = line_ok(x, i, req->arena, parsed, &err);
  }
  char *text = ok ? json_dumps(parsed, JSON_COMPACT) : NULL;
  json_decref(parsed);
  if (!ok)
    return web_reply_json_error(req, &err);
  r.lines = text;
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec = core_purchase_receive(id, &r, &who, req->arena, &out);
  free(text);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
