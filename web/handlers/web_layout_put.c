#include "web_layout_put.h"

#include "core_arena.h"
#include "core_json.h"
#include "web_floor.h"
#include "web_parse.h"
#include "web_reply.h"
#include "wms_layout.h"

#include <stdio.h>
#include <stdlib.h>

enum { MAX_ZONES = 50 };

static const char *const methods[] = {"sequence", "s_shape", "largest_gap",
                                      "optimal", NULL};

/* A length that must be above zero (the parser allows 0). */
static bool
positive(const char *v, const char *prefix, const char *field,
         struct core_json_error *err)
{
  if (strtod(v, NULL) > 0)
    return true;
  char path[64];
  snprintf(path, sizeof path, "%s.%s", prefix, field);
  core_json_fail(err, CORE_EC_INVALID_VALUE, path,
                 "must be more than 0 metres, not %s", v);
  return false;
}

/* zones[@a i] (@a v, borrowed) into @a z; false with @a err filled. */
static bool
parse_zone(const json_t *v, size_t i, struct wms_zone_layout *z,
           struct core_arena *arena, struct core_json_error *err)
{
  char prefix[32];
  snprintf(prefix, sizeof prefix, "zones[%zu]", i);
  *z = (struct wms_zone_layout){.depot_x_m = "0",
                                .depot_offset_m = "0",
                                .cross_back = true,
                                .golden_level_min = 1,
                                .golden_level_max = 2};
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("zone", &z->zone, 32)),
      CORE_JSON_REQ(
          CORE_JSON_K_DECIMAL("aisle_spacing_m", &z->aisle_spacing_m, 2, 2)),
      CORE_JSON_REQ(
          CORE_JSON_K_DECIMAL("aisle_length_m", &z->aisle_length_m, 2, 3)),
      CORE_JSON_REQ(CORE_JSON_K_DECIMAL("bay_width_m", &z->bay_width_m, 2, 2)),
      CORE_JSON_OPT(NULL,
                    CORE_JSON_K_DECIMAL("depot_x_m", &z->depot_x_m, 2, 4)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_DECIMAL("depot_offset_m",
                                              &z->depot_offset_m, 2, 3)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_BOOL("cross_back", &z->cross_back)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_BOOL("cross_middle", &z->cross_middle)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("golden_level_min",
                                          &z->golden_level_min, 0, 99)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("golden_level_max",
                                          &z->golden_level_max, 0, 99)),
      CORE_JSON_END,
  };
  if (!json_is_object(v)) {
    core_json_fail(err, CORE_EC_INVALID_VALUE, prefix,
                   "expected a zone's layout object");
    return false;
  }
  if (core_json_parse(v, spec, true, prefix, arena, err) != CORE_EC_OK)
    return false;
  if (!positive(z->aisle_spacing_m, prefix, "aisle_spacing_m", err) ||
      !positive(z->aisle_length_m, prefix, "aisle_length_m", err) ||
      !positive(z->bay_width_m, prefix, "bay_width_m", err))
    return false;
  if (z->golden_level_max < z->golden_level_min) {
    char path[64];
    snprintf(path, sizeof path, "%s.golden_level_max", prefix);
    core_json_fail(err, CORE_EC_INVALID_VALUE, path,
                   "golden_level_max %lld is below golden_level_min %lld",
                   (long long)z->golden_level_max,
                   (long long)z->golden_level_min);
    return false;
  }
  return true;
}

enum MHD_Result
web_layout_put(struct web_request *req)
{
  int method = -1;
  const json_t *zones = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL,
                    CORE_JSON_K_CHOICE("routing_method", &method, methods)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_ARRAY("zones", &zones)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  size_t n = zones != NULL ? json_array_size(zones) : 0;
  if (n > MAX_ZONES)
    return web_reply_error(req, CORE_EC_INVALID_VALUE, "zones",
                           "at most %d zones at once, not %zu", MAX_ZONES, n);
  struct wms_zone_layout *z =
      core_arena_alloc(req->arena, sizeof *z * (n > 0 ? n : 1));
  struct core_json_error err;
  for (size_t i = 0; i < n; i++) {
    if (!parse_zone(json_array_get(zones, i), i, &z[i], req->arena, &err))
      return web_reply_json_error(req, &err);
  }
  struct core_outcome out;
  enum core_ec ec =
      wms_layout_put(req->params[0], method >= 0 ? methods[method] : NULL, z, n,
                     req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
