#include "web_return_replace_post.h"

#include "core_returns.h"
#include "web_floor.h"
#include "web_param.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_returns.h"
#include "web_stock_reply.h"

#include <stdlib.h>
#include <string.h>

enum MHD_Result
web_return_replace_post(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  /* The route's last segment says which: exchange or reship. */
  const char *kind = strrchr(req->path, '/') + 1;
  bool exchange = strcmp(kind, "exchange") == 0;
  const json_t *lines = NULL;
  const char *key = NULL;
  /* A reship sends the return's own lines: its body names none. */
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_ARRAY("lines", &lines)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("idempotency_key", &key, 128)),
      CORE_JSON_END,
  };
  if (!web_parse_or_reply(req, exchange ? spec : spec + 1, &ret))
    return ret;
  json_t *doc = json_object();
  if (exchange) {
    struct core_json_error err;
    json_t *got = web_returns_replace_lines(lines, req->arena, &err);
    if (got == NULL) {
      json_decref(doc);
      return web_reply_json_error(req, &err);
    }
    json_object_set_new(doc, "lines", got);
  }
  char *text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(doc);
  if (text == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec =
      core_returns_replace(id, kind, text, key, &who, req->arena, &out);
  free(text);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
