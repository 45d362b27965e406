#include "web_counts_post.h"

#include "core_arena.h"
#include "core_json.h"
#include "web_reply.h"
#include "wms_count.h"

#include <stdio.h>

/* "bins": ["A-01-1", …] into codes (upper-cased like every code). */
static enum core_ec
parse_bins(const json_t *arr, struct core_arena *a, const char ***bins,
           unsigned *n, struct core_json_error *err)
{
  size_t len = json_array_size(arr);
  if (len > 5000)
    return core_json_fail(err, CORE_EC_INVALID_VALUE, "bins",
                          "at most 5000 bins per count");
  *bins = core_arena_alloc(a, sizeof **bins * (len + 1));
  for (size_t i = 0; i < len; i++) {
    json_t *holder = json_pack("{s:O}", "b", json_array_get(arr, i));
    const char *code;
    struct core_json_spec spec[] = {
        CORE_JSON_REQ(CORE_JSON_K_CODE("b", &code, 32)),
        CORE_JSON_END,
    };
    enum core_ec ec = core_json_parse(holder, spec, true, NULL, a, err);
    json_decref(holder);
    if (ec != CORE_EC_OK) {
      snprintf(err->field, sizeof err->field, "bins[%zu]", i);
      return ec;
    }
    (*bins)[i] = code;
  }
  *n = (unsigned)len;
  return CORE_EC_OK;
}

enum MHD_Result
web_counts_post(struct web_request *req)
{
  const json_t *bins_json = NULL;
  const char *zone = NULL, *note = "";
  int64_t threshold = 0;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_ARRAY("bins", &bins_json)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CODE("zone", &zone, 32)),
      CORE_JSON_OPT(NULL,
                    CORE_JSON_K_INT("threshold", &threshold, 0, 1000000000)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("note", &note, 500)),
      CORE_JSON_END,
  };
  struct core_json_error err;
  const char **bins = NULL;
  unsigned nbins = 0;
  enum core_ec pec =
      core_json_parse(req->json, spec, true, NULL, req->arena, &err);
  if (pec == CORE_EC_OK && bins_json != NULL)
    pec = parse_bins(bins_json, req->arena, &bins, &nbins, &err);
  if (pec == CORE_EC_OK && (nbins > 0) == (zone != NULL))
    pec = core_json_fail(&err, CORE_EC_INVALID_VALUE, "bins",
                         "give either bins or a zone");
  if (pec != CORE_EC_OK)
    return web_reply_json_error(req, &err);
  const char *doc;
  unsigned bad = 0;
  enum core_ec ec = wms_count_create(req->params[0], bins, nbins, zone,
                                     threshold, note, req->arena, &doc, &bad);
  char field[32];
  switch (ec) {
    case CORE_EC_OK:
      return web_reply_text_json(req, MHD_HTTP_CREATED, doc);
    case CORE_EC_UNKNOWN_BIN:
      snprintf(field, sizeof field, "bins[%u]", bad);
      return web_reply_error(req, ec, field, "no bin %s", bins[bad]);
    case CORE_EC_UNKNOWN_ZONE:
      return web_reply_error(req, ec, "zone", "no zone %s", zone);
    case CORE_EC_NOT_FOUND:
      return web_reply_error(req, ec, NULL, "no warehouse %.40s",
                             req->params[0]);
    default:
      return web_reply_error(req, ec, NULL, NULL);
  }
}
