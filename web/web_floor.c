#include "web_floor.h"

#include "core_arena.h"
#include "web_reply.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum MHD_Result
web_floor_reply(struct web_request *req, enum core_ec ec,
                const struct core_outcome *out, unsigned created)
{
  if (ec != CORE_EC_OK) {
    /* A refusal's doc may carry its named figures as "params". */
    json_t *doc = out->doc != NULL ? json_loads(out->doc, 0, NULL) : NULL;
    json_t *params = json_object_get(doc, "params");
    enum MHD_Result ret =
        out->detail != NULL
            ? web_reply_error_params(req, ec, out->field, params, "%s",
                                     out->detail)
            : web_reply_error_params(req, ec, out->field, params, NULL);
    json_decref(doc);
    return ret;
  }
  return web_reply_text_json(req, out->replayed ? MHD_HTTP_OK : created,
                             out->doc != NULL ? out->doc : "null");
}

enum MHD_Result
web_floor_reply_page(struct web_request *req, const char *items, int64_t limit)
{
  json_t *a = json_loads(items, 0, NULL);
  if (!json_is_array(a) || json_array_size(a) <= (size_t)limit) {
    json_decref(a);
    return web_reply_page(req, items, NULL);
  }
  json_array_remove(a, (size_t)limit);
  char key[24];
  snprintf(key, sizeof key, "%" JSON_INTEGER_FORMAT,
           json_integer_value(
               json_object_get(json_array_get(a, (size_t)limit - 1), "id")));
  char *text = json_dumps(a, JSON_COMPACT);
  json_decref(a);
  const char *copy = core_arena_strdup(req->arena, text != NULL ? text : "[]");
  free(text);
  return web_reply_page(req, copy, key);
}

enum MHD_Result
web_floor_reply_zpl(struct web_request *req, enum core_ec ec, const char *zpl,
                    const char *not_found)
{
  if (ec == CORE_EC_NOT_FOUND)
    return web_reply_error(req, ec, NULL, "%s", not_found);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  size_t n = strlen(zpl);
  char *copy = malloc(n + 1);
  if (copy == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  memcpy(copy, zpl, n + 1);
  return web_reply_bytes(req, copy, n, "application/x-zpl; charset=utf-8",
                         "no-store");
}
