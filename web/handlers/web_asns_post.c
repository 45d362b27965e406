#include "web_asns_post.h"

#include "core_json.h"
#include "core_purchase.h"
#include "dev_checkdigit.h"
#include "web_floor.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_scope.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Checks one carton line; false with @a err set. */
static bool
line_ok(const json_t *l, const char *prefix, struct core_arena *arena,
        struct core_json_error *err)
{
  const char *sku, *lot = NULL, *expiry = NULL;
  int64_t qty;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("sku", &sku, 64)),
      CORE_JSON_REQ(CORE_JSON_K_INT("qty", &qty, 1, 100000000)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("lot", &lot, 20)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DATE("expiry", &expiry)),
      CORE_JSON_END,
  };
  if (!json_is_object(l)) {
    core_json_fail(err, CORE_EC_WRONG_TYPE, prefix, "expected an object");
    return false;
  }
  return core_json_parse(l, spec, true, prefix, arena, err) == CORE_EC_OK;
}

/* Checks carton @a i: a good SSCC and 1..500 lines. */
static bool
carton_ok(const json_t *c, size_t i, struct core_arena *arena,
          struct core_json_error *err)
{
  const char *sscc, *level = NULL;
  const json_t *lines;
  char prefix[32], field[64];
  snprintf(prefix, sizeof prefix, "cartons[%zu]", i);
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("sscc", &sscc, 18)),
      CORE_JSON_REQ(CORE_JSON_K_ARRAY("lines", &lines)),
      /* What the SSCC labels: carton (the default) or pallet. */
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("package_level", &level, 16)),
      CORE_JSON_END,
  };
  if (!json_is_object(c) ||
      core_json_parse(c, spec, true, prefix, arena, err) != CORE_EC_OK) {
    if (!json_is_object(c))
      core_json_fail(err, CORE_EC_WRONG_TYPE, prefix, "expected an object");
    return false;
  }
  if (level != NULL && strcmp(level, "carton") != 0 &&
      strcmp(level, "pallet") != 0) {
    snprintf(field, sizeof field, "%s.package_level", prefix);
    core_json_fail(err, CORE_EC_PACKAGE_LEVEL_INVALID, field,
                   "%s is not carton or pallet", level);
    return false;
  }
  snprintf(field, sizeof field, "%s.sscc", prefix);
  if (dev_checkdigit_check(sscc, DEV_CHECKDIGIT_SSCC18, NULL) !=
      DEV_CHECKDIGIT_VALID) {
    core_json_fail(err, CORE_EC_INVALID_SSCC, field,
                   "%s is not 18 digits with a valid check digit", sscc);
    return false;
  }
  size_t j;
  const json_t *l;
  json_array_foreach(lines, j, l)
  {
    snprintf(field, sizeof field, "%s.lines[%zu]", prefix, j);
    if (!line_ok(l, field, arena, err))
      return false;
  }
  return true;
}

enum MHD_Result
web_asns_post(struct web_request *req)
{
  int64_t po;
  const char *ref, *ship_date = NULL;
  const json_t *cartons;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(
          CORE_JSON_K_INT("purchase_order", &po, 1, CORE_JSON_MAX_SAFE_INT)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("reference", &ref, 64)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DATE("ship_date", &ship_date)),
      CORE_JSON_REQ(CORE_JSON_K_ARRAY("cartons", &cartons)),
      CORE_JSON_END,
  };
  struct core_json_error err;
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if (json_array_size(cartons) == 0 || json_array_size(cartons) > 1000)
    return web_reply_error(req, CORE_EC_OUT_OF_RANGE, "cartons",
                           "an ASN has 1 to 1000 cartons");
  size_t i;
  const json_t *c;
  json_array_foreach(cartons, i,
                     c) if (!carton_ok(c, i, req->arena,
                                       &err)) return web_reply_json_error(req,
                                                                          &err);
  char *text = json_dumps(cartons, JSON_COMPACT);
  struct core_outcome out;
  enum core_ec ec = core_purchase_asn_create(
      po, ref, ship_date, text, web_scope_supplier(req), req->arena, &out);
  free(text);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
