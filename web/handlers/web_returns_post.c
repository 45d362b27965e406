#include "web_returns_post.h"

#include "core_returns.h"
#include "web_floor.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_returns.h"
#include "web_stock_reply.h"

#include <stdlib.h>

static const char *const resolutions[] = {"refund", "exchange", "reship", NULL};
/* A return is authorised at once, or only requested: the back office
 * authorises it later (POST /returns/{id}/authorize) or rejects it. */
static const char *const states[] = {"authorized", "requested", NULL};

enum MHD_Result
web_returns_post(struct web_request *req)
{
  int64_t order;
  const json_t *lines;
  const char *note = NULL, *key = NULL;
  int resolution = 0, state = 0;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_INT("order", &order, 1, INT64_C(1) << 53)),
      CORE_JSON_REQ(CORE_JSON_K_ARRAY("lines", &lines)),
      CORE_JSON_OPT(NULL,
                    CORE_JSON_K_CHOICE("resolution", &resolution, resolutions)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_CHOICE("state", &state, states)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("note", &note, 1000)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("idempotency_key", &key, 128)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  struct core_json_error err;
  json_t *asked = web_returns_ask_lines(lines, req->arena, &err);
  if (asked == NULL)
    return web_reply_json_error(req, &err);
  json_t *doc = json_pack("{s:o, s:s, s:s, s:s}", "lines", asked, "resolution",
                          resolutions[resolution], "note",
                          note != NULL ? note : "", "state", states[state]);
  char *text = json_dumps(doc, JSON_COMPACT);
  json_decref(doc);
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec =
      core_returns_create(order, text, key, &who, req->arena, &out);
  free(text);
  return web_floor_reply(req, ec, &out, MHD_HTTP_CREATED);
}
