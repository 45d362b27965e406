#include "web_store_skumap_post.h"

#include "core_json.h"
#include "core_skumap.h"
#include "web_floor.h"
#include "web_parse.h"
#include "web_reply.h"

#include <jansson.h>
#include <stdlib.h>

enum MHD_Result
web_store_skumap_post(struct web_request *req)
{
  const char *code, *sku = NULL, *kit = NULL;
  int64_t qty = 1;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("platform_sku", &code, 100)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("sku", &sku, 64)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("kit", &kit, 64)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("qty", &qty, 1, 100000)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if ((sku == NULL) == (kit == NULL))
    return web_reply_error(req, CORE_EC_MISSING_FIELD,
                           sku == NULL ? "sku" : "kit",
                           "name either a sku or a kit");
  json_t *row = json_pack("[{s:s, s:s, s:I}]", "platform_sku", code,
                          kit != NULL ? "kit" : "sku",
                          kit != NULL ? kit : sku, (json_int_t)qty);
  char *text = json_dumps(row, JSON_COMPACT);
  json_decref(row);
  struct core_outcome out;
  enum core_ec ec =
      core_skumap_save(req->params[0], text, "", req->arena, &out);
  free(text);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
