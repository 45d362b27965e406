#include "web_webhooks.h"

#include "core_arena.h"
#include "core_webhook.h"
#include "web_floor.h"
#include "web_parse.h"
#include "web_reply.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

bool
web_webhooks_input_or_reply(struct web_request *req, bool create,
                            const char **doc, const char **secret,
                            enum MHD_Result *ret)
{
  const char *url = NULL, *note = NULL, *owner = NULL;
  const json_t *events = NULL;
  bool active = true, active_given = false;
  *secret = NULL;
  struct core_json_spec spec[] = {
      create ? (struct core_json_spec)CORE_JSON_REQ(
                   CORE_JSON_K_STRING("url", &url, 2000))
             : (struct core_json_spec)CORE_JSON_OPT(
                   NULL, CORE_JSON_K_STRING("url", &url, 2000)),
      create ? (struct core_json_spec)CORE_JSON_REQ(
                   CORE_JSON_K_ARRAY("events", &events))
             : (struct core_json_spec)CORE_JSON_OPT(
                   NULL, CORE_JSON_K_ARRAY("events", &events)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("secret", secret, 200)),
      CORE_JSON_OPT(&active_given, CORE_JSON_K_BOOL("active", &active)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("note", &note, 200)),
      /* A 3PL client's subscription: that owner's events only. */
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("owner", &owner, 32)),
      CORE_JSON_END,
  };
  if (!web_parse_or_reply(req, spec, ret))
    return false;
  /* A secret chosen by the caller must be worth its name. */
  if (*secret != NULL && strlen(*secret) < 16) {
    *ret = web_reply_error(req, CORE_EC_INVALID_VALUE, "secret",
                           "a secret has at least 16 characters");
    return false;
  }
  json_t *d = json_object();
  if (url != NULL)
    json_object_set_new(d, "url", json_string(url));
  if (events != NULL)
    json_object_set(d, "events", (json_t *)events);
  if (active_given)
    json_object_set_new(d, "active", json_boolean(active));
  if (note != NULL)
    json_object_set_new(d, "note", json_string(note));
  if (owner != NULL)
    json_object_set_new(d, "owner", json_string(owner));
  char *text = json_dumps(d, JSON_COMPACT);
  json_decref(d);
  *doc = core_arena_strdup(req->arena, text != NULL ? text : "{}");
  free(text);
  return true;
}

int64_t
web_webhooks_user(const struct web_request *req)
{
  return req->principal.kind == CORE_PRINCIPAL_USER ? req->principal.id : 0;
}

enum MHD_Result
web_webhooks_reply(struct web_request *req, enum core_ec ec,
                   const struct core_outcome *out, unsigned status,
                   const char *secret)
{
  if (ec != CORE_EC_OK || secret == NULL)
    return web_floor_reply(req, ec, out, status);
  json_t *d = json_loads(out->doc, 0, NULL);
  if (d == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  json_object_set_new(d, "secret", json_string(secret));
  return web_reply_json_steal(req, status, d);
}
