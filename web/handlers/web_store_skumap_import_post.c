#include "web_store_skumap_import_post.h"

#include "core_arena.h"
#include "core_json.h"
#include "core_skumap.h"
#include "web_floor.h"
#include "web_parse.h"
#include "web_reply.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum MHD_Result
web_store_skumap_import_post(struct web_request *req)
{
  const char *csv;
  struct core_json_spec spec[] = {
      /* The body limit bounds the file; 2 MB is some 50,000 rows. */
      CORE_JSON_REQ(CORE_JSON_K_STRING("csv", &csv, 2 * 1024 * 1024)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  const char *rows, *why;
  size_t line;
  enum core_ec ec =
      core_skumap_csv_rows(csv, strlen(csv), req->arena, &rows, &why, &line);
  if (ec != CORE_EC_OK) {
    /* Refused by the procedure, after the router's store check: a file
     * for another warehouse's store is warehouse_forbidden. */
    json_t *bad = json_object();
    json_object_set_new(bad, "csv_error",
                        json_sprintf("line %zu: %s", line, why));
    char *text = json_dumps(bad, JSON_COMPACT);
    json_decref(bad);
    rows = core_arena_strdup(req->arena, text);
    free(text);
  }
  struct core_outcome out;
  ec = core_skumap_save(req->params[0], rows, "rows", req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
