#include "web_carriers_post.h"

#include "core_json.h"
#include "web_floor.h"
#include "web_reply.h"
#include "wms_shipping.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const check_digits[] = {"none", "mod10", "s10", NULL};
static const char *const zones[] = {"local", "domestic", "international", NULL};

/* Checks every rate of @a rates; false with @a err filled on the first bad. */
static bool
rates_ok(const json_t *rates, struct core_arena *arena,
         struct core_json_error *err)
{
  size_t i;
  const json_t *r;
  json_array_foreach(rates, i, r)
  {
    int zone;
    int64_t max_g;
    const char *price;
    struct core_json_spec spec[] = {
        CORE_JSON_REQ(CORE_JSON_K_CHOICE("zone", &zone, zones)),
        CORE_JSON_REQ(CORE_JSON_K_INT("max_weight_g", &max_g, 1, 1000000)),
        CORE_JSON_REQ(CORE_JSON_K_DECIMAL("price", &price, 2, 8)),
        CORE_JSON_END,
    };
    char prefix[32];
    snprintf(prefix, sizeof prefix, "rates[%zu]", i);
    if (!json_is_object(r)) {
      core_json_fail(err, CORE_EC_WRONG_TYPE, prefix, "expected an object");
      return false;
    }
    if (core_json_parse(r, spec, true, prefix, arena, err) != CORE_EC_OK)
      return false;
  }
  return true;
}

static const char *const channels[] = {"taobao", "jd", "pinduoduo", "douyin",
                                       NULL};

/*
 * Checks the seller's platform codes @a codes (a marketplace channel to
 * the platform's code of this carrier; "" drops one); false with @a err
 * filled on the first bad one.
 */
static bool
platform_codes_ok(const json_t *codes, struct core_json_error *err)
{
  const char *k;
  const json_t *v;
  json_object_foreach((json_t *)codes, k, v)
  {
    char field[64];
    snprintf(field, sizeof field, "platform_codes.%.40s", k);
    size_t i = 0;
    while (channels[i] != NULL && strcmp(channels[i], k) != 0)
      i++;
    if (channels[i] == NULL) {
      core_json_fail(err, CORE_EC_UNKNOWN_FIELD, field,
                     "expected taobao, jd, pinduoduo or douyin");
      return false;
    }
    const char *s = json_string_value(v);
    if (s == NULL) {
      core_json_fail(err, CORE_EC_WRONG_TYPE, field, "expected a string");
      return false;
    }
    size_t n = strlen(s);
    if (n > 40 || strspn(s, "0123456789abcdefghijklmnopqrstuvwxyz"
                            "ABCDEFGHIJKLMNOPQRSTUVWXYZ_-") != n) {
      core_json_fail(err, CORE_EC_INVALID_VALUE, field,
                     "expected up to 40 letters, digits, '_' or '-'");
      return false;
    }
  }
  return true;
}

enum MHD_Result
web_carriers_post(struct web_request *req)
{
  const char *code, *name, *prefix = NULL, *suffix = NULL;
  int64_t digits, first, last, transit = 2;
  int check = 0;
  bool active = true;
  const json_t *tracking, *rates = NULL, *codes = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("code", &code, 32)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("name", &name, 200)),
      CORE_JSON_REQ(CORE_JSON_K_OBJECT("tracking", &tracking)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("transit_days", &transit, 0, 60)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_BOOL("active", &active)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_ARRAY("rates", &rates)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_OBJECT("platform_codes", &codes)),
      CORE_JSON_END,
  };
  struct core_json_spec tspec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("prefix", &prefix, 8)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("suffix", &suffix, 8)),
      CORE_JSON_REQ(CORE_JSON_K_INT("digits", &digits, 4, 18)),
      CORE_JSON_OPT(NULL,
                    CORE_JSON_K_CHOICE("check_digit", &check, check_digits)),
      CORE_JSON_REQ(
          CORE_JSON_K_INT("first", &first, 0, CORE_JSON_MAX_SAFE_INT)),
      CORE_JSON_REQ(CORE_JSON_K_INT("last", &last, 0, CORE_JSON_MAX_SAFE_INT)),
      CORE_JSON_END,
  };
  struct core_json_error err;
  if (core_json_parse(req->json, spec, true, NULL, req->arena, &err) !=
          CORE_EC_OK ||
      core_json_parse(tracking, tspec, true, "tracking", req->arena, &err) !=
          CORE_EC_OK ||
      (rates != NULL && !rates_ok(rates, req->arena, &err)) ||
      (codes != NULL && !platform_codes_ok(codes, &err)))
    return web_reply_json_error(req, &err);
  json_t *doc = json_pack(
      "{s:s, s:s, s:{s:s, s:s, s:I, s:s, s:I, s:I}, s:I, s:b}", "code", code,
      "name", name, "tracking", "prefix", prefix != NULL ? prefix : "",
      "suffix", suffix != NULL ? suffix : "", "digits", (json_int_t)digits,
      "check_digit", check_digits[check], "first", (json_int_t)first, "last",
      (json_int_t)last, "transit_days", (json_int_t)transit, "active", active);
  if (rates != NULL)
    json_object_set(doc, "rates", (json_t *)rates);
  if (codes != NULL)
    json_object_set(doc, "platform_codes", (json_t *)codes);
  char *text = json_dumps(doc, JSON_COMPACT);
  json_decref(doc);
  struct core_outcome out;
  enum core_ec ec = wms_carrier_put(text, req->arena, &out);
  free(text);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
