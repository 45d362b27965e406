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
  const char *item_id = NULL, *sku_id = NULL;
  int64_t qty = 1;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("platform_sku", &code, 100)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("sku", &sku, 64)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("kit", &kit, 64)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_INT("qty", &qty, 1, 100000)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("platform_item_id", &item_id, 40)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("platform_sku_id", &sku_id, 40)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  if ((sku == NULL) == (kit == NULL))
    return web_reply_error(req, CORE_EC_MISSING_FIELD,
                           sku == NULL ? "sku" : "kit",
                           "name either a sku or a kit");
  /* Built member by member: jansson 2.14's json_pack crashes on three
   * "s:" pairs ending in an integer. */
  json_t *one = json_object();
  json_object_set_new(one, "platform_sku", json_string(code));
  json_object_set_new(one, kit != NULL ? "kit" : "sku",
                      json_string(kit != NULL ? kit : sku));
  json_object_set_new(one, "qty", json_integer((json_int_t)qty));
  if (item_id != NULL)
    json_object_set_new(one, "platform_item_id", json_string(item_id));
  if (sku_id != NULL)
    json_object_set_new(one, "platform_sku_id", json_string(sku_id));
  json_t *rows = json_array();
  json_array_append_new(rows, one);
  char *text = json_dumps(rows, JSON_COMPACT);
  json_decref(rows);
  struct core_outcome out;
  enum core_ec ec =
      core_skumap_save(req->params[0], text, "", req->arena, &out);
  free(text);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
