#include "web_settlements_post.h"

#include "core_settlement.h"
#include "web_floor.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_stock_reply.h"

#include <stdlib.h>
#include <string.h>

enum MHD_Result
web_settlements_post(struct web_request *req)
{
  const char *store, *csv, *file = NULL;
  int profile = 0;
  int64_t days = 14;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("store", &store, 32)),
      CORE_JSON_REQ(
          CORE_JSON_K_CHOICE("profile", &profile, core_settlement_profiles)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("file_name", &file, 255)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("csv", &csv, 4 * 1024 * 1024)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("days", &days, 1, 3650)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  const char *rows, *why;
  size_t line = 0;
  if (core_settlement_rows(core_settlement_profiles[profile], csv, strlen(csv),
                           req->arena, &rows, &why, &line) != CORE_EC_OK)
    return web_reply_error(req, CORE_EC_INVALID_VALUE, "csv", "line %zu: %s",
                           line, why);
  json_t *doc = json_pack("{s:s, s:s, s:s, s:I, s:o}", "store", store,
                          "profile", core_settlement_profiles[profile],
                          "file_name", file != NULL ? file : "", "days",
                          (json_int_t)days, "rows", json_loads(rows, 0, NULL));
  char *text = json_dumps(doc, JSON_COMPACT);
  json_decref(doc);
  if (text == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec = core_settlement_import(text, &who, req->arena, &out);
  free(text);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
