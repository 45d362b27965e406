#include "web_returns_unannounced_post.h"

#include "core_returns.h"
#include "web_floor.h"
#include "web_parse.h"
#include "web_stock_reply.h"

#include <stdlib.h>

enum MHD_Result
web_returns_unannounced_post(struct web_request *req)
{
  int64_t order;
  const char *note = NULL, *key = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_INT("order", &order, 1, INT64_C(1) << 53)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("note", &note, 1000)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("idempotency_key", &key, 128)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  json_t *doc = json_pack("{s:[], s:s, s:s}", "lines", "origin", "unannounced",
                          "note", note != NULL ? note : "");
  char *text = json_dumps(doc, JSON_COMPACT);
  json_decref(doc);
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec =
      core_returns_create(order, text, key, &who, req->arena, &out);
  free(text);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
