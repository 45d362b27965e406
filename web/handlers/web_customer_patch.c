#include "web_customer_patch.h"

#include "core_crm.h"
#include "core_json.h"
#include "web_floor.h"
#include "web_param.h"
#include "web_parse.h"
#include "web_reply.h"
#include "web_stock_reply.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_TAGS = 20, MAX_TAG = 32 };

static const char *const languages[] = {"", "zh-CN", "en", NULL};

/* Checks tags: up to MAX_TAGS strings of 1..MAX_TAG bytes, no controls. */
static bool
tags_ok(const json_t *tags, struct core_json_error *err)
{
  if (json_array_size(tags) > MAX_TAGS) {
    core_json_fail(err, CORE_EC_OUT_OF_RANGE, "tags", "at most %d tags",
                   MAX_TAGS);
    return false;
  }
  size_t i;
  const json_t *t;
  json_array_foreach(tags, i, t)
  {
    char field[32];
    snprintf(field, sizeof field, "tags[%zu]", i);
    size_t n = json_string_length(t);
    if (!json_is_string(t) || n == 0 || n > MAX_TAG) {
      core_json_fail(err, CORE_EC_INVALID_VALUE, field,
                     "a tag is text of 1 to %d bytes", MAX_TAG);
      return false;
    }
    for (const char *p = json_string_value(t); *p != '\0'; p++) {
      if ((unsigned char)*p < 0x20 || *p == ',') {
        core_json_fail(err, CORE_EC_INVALID_VALUE, field,
                       "a tag has no commas or control characters");
        return false;
      }
    }
  }
  return true;
}

/* The checked fields as the procedure reads them (JSON text, heap). */
static char *
canonical(const char *name, const json_t *tags, const char *note, int lang,
          bool has_lang, bool dnc, bool has_dnc)
{
  json_t *d = json_object();
  if (name != NULL)
    json_object_set_new(d, "name", json_string(name));
  if (tags != NULL)
    json_object_set(d, "tags", (json_t *)tags);
  if (note != NULL)
    json_object_set_new(d, "note", json_string(note));
  if (has_lang)
    json_object_set_new(d, "preferred_language", json_string(languages[lang]));
  if (has_dnc)
    json_object_set_new(d, "do_not_contact", json_boolean(dnc));
  char *text = json_dumps(d, JSON_COMPACT);
  json_decref(d);
  return text;
}

enum MHD_Result
web_customer_patch(struct web_request *req)
{
  int64_t id;
  enum MHD_Result ret;
  if (!web_param_id_or_reply(req, 0, &id, &ret))
    return ret;
  const char *name = NULL, *note = NULL;
  const json_t *tags = NULL;
  int lang = 0;
  bool has_lang = false, dnc = false, has_dnc = false;
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("name", &name, 200)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_ARRAY("tags", &tags)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("note", &note, 4000)),
      CORE_JSON_OPT(&has_lang,
                    CORE_JSON_K_CHOICE("preferred_language", &lang, languages)),
      CORE_JSON_OPT(&has_dnc, CORE_JSON_K_BOOL("do_not_contact", &dnc)),
      CORE_JSON_END,
  };
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  struct core_json_error err;
  if (tags != NULL && !tags_ok(tags, &err))
    return web_reply_json_error(req, &err);
  char *doc = canonical(name, tags, note, lang, has_lang, dnc, has_dnc);
  struct core_stock_actor who = web_stock_actor(req);
  struct core_outcome out;
  enum core_ec ec = core_crm_customer_patch(id, doc, who.user_id,
                                            who.warehouses, req->arena, &out);
  free(doc);
  return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
}
