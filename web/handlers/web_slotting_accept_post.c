#include "web_slotting_accept_post.h"

#include "core_arena.h"
#include "core_json.h"
#include "web_floor.h"
#include "web_parse.h"
#include "web_reply.h"
#include "wms_slotting.h"

#include <stdio.h>
#include <stdlib.h>

enum { MAX_PROPOSALS = 100 };

/* The proposals, each {sku, from_bin, to_bin}, as canonical JSON text in
 * @a out; false with @a err filled. */
static bool
proposals(const json_t *arr, struct core_arena *arena, const char **out,
          struct core_json_error *err)
{
  size_t n = json_array_size(arr);
  if (n == 0 || n > MAX_PROPOSALS) {
    core_json_fail(err, CORE_EC_INVALID_VALUE, "proposals",
                   "send 1 to %d proposals, not %zu", MAX_PROPOSALS, n);
    return false;
  }
  json_t *clean = json_array();
  for (size_t i = 0; i < n; i++) {
    const char *sku, *from, *to;
    struct core_json_spec spec[] = {
        CORE_JSON_REQ(CORE_JSON_K_STRING("sku", &sku, 64)),
        CORE_JSON_REQ(CORE_JSON_K_CODE("from_bin", &from, 32)),
        CORE_JSON_REQ(CORE_JSON_K_CODE("to_bin", &to, 32)),
        CORE_JSON_END,
    };
    char prefix[32];
    snprintf(prefix, sizeof prefix, "proposals[%zu]", i);
    const json_t *v = json_array_get(arr, i);
    enum core_ec ec = json_is_object(v)
                          ? core_json_parse(v, spec, false, prefix, arena, err)
                          : core_json_fail(err, CORE_EC_INVALID_VALUE, prefix,
                                           "expected {sku, from_bin, to_bin}");
    if (ec != CORE_EC_OK) {
      json_decref(clean);
      return false;
    }
    json_array_append_new(clean, json_pack("{s:s, s:s, s:s}", "sku", sku,
                                           "from_bin", from, "to_bin", to));
  }
  char *text = json_dumps(clean, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(clean);
  *out = core_arena_strdup(arena, text != NULL ? text : "[]");
  free(text);
  return true;
}

enum MHD_Result
web_slotting_accept_post(struct web_request *req)
{
  const json_t *arr = NULL;
  const char *key = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_ARRAY("proposals", &arr)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("idempotency_key", &key, 128)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  const char *text;
  struct core_json_error err;
  if (!proposals(arr, req->arena, &text, &err))
    return web_reply_json_error(req, &err);
  struct core_outcome out;
  enum core_ec ec =
      wms_slotting_accept(req->params[0], text, key, req->arena, &out);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
