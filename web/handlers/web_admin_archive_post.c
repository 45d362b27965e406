#include "web_admin_archive_post.h"

#include "core_arena.h"
#include "core_json.h"
#include "core_part.h"
#include "core_proc.h"
#include "web_floor.h"
#include "web_parse.h"
#include "web_reply.h"

#include <jansson.h>
#include <stdlib.h>

/* Adds each month archived to the reply's array @a cls (a json_t). */
static void
collect(void *cls, const struct core_part_month *m)
{
  json_array_append_new((json_t *)cls,
                        json_pack("{s:s, s:s, s:I, s:s}", "table", m->table,
                                  "month", m->month, "rows",
                                  (json_int_t)m->rows, "file", m->file));
}

/* Queues stored answer @a doc (in, JSON text) with its replayed flag. */
static enum MHD_Result
answer(struct web_request *req, const char *doc, bool replayed)
{
  json_t *body = json_loads(doc != NULL ? doc : "", 0, NULL);
  if (!json_is_object(body)) {
    json_decref(body);
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  }
  json_object_set_new(body, "replayed", json_boolean(replayed));
  return web_reply_json_steal(req, MHD_HTTP_OK, body);
}

/* Queues the refusal of a run that archived nothing for @a before. */
static enum MHD_Result
refuse(struct web_request *req, enum core_ec ec, const char *before)
{
  if (ec == CORE_EC_ARCHIVE_MONTH_INVALID)
    return web_reply_error(req, ec, "before",
                           "before is a month as YYYY-MM, not %s", before);
  if (ec == CORE_EC_ARCHIVE_MONTH_OPEN)
    return web_reply_error(req, ec, "before",
                           "cannot archive before %s: the current month and "
                           "months ahead are still written",
                           before);
  return web_reply_error(req, ec, NULL, NULL);
}

/* The run itself; its answer as JSON text in @a out (in the arena). */
static enum core_ec
run(struct web_request *req, const char *before, const char **out)
{
  json_t *months = json_array();
  unsigned n = 0;
  enum core_ec ec = core_part_archive_here(before, collect, months, &n);
  if (ec != CORE_EC_OK) {
    json_decref(months);
    return ec;
  }
  const char *dir = core_part_dir();
  json_t *doc = json_pack("{s:s, s:s, s:I, s:o}", "before", before, "dir",
                          dir != NULL ? dir : "", "archived", (json_int_t)n,
                          "months", months);
  char *text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(doc);
  if (text == NULL)
    return CORE_EC_INTERNAL;
  *out = core_arena_strdup(req->arena, text);
  free(text);
  return CORE_EC_OK;
}

enum MHD_Result
web_admin_archive_post(struct web_request *req)
{
  const char *before = NULL;
  const char *key = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_STRING("before", &before, 7)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("idempotency_key", &key, 128)),
      CORE_JSON_END,
  };
  enum MHD_Result ret;
  if (!web_parse_or_reply(req, spec, &ret))
    return ret;
  /* What the key binds: the cut, not the key itself. */
  json_t *rq = json_pack("{s:s}", "before", before);
  char *rq_text = json_dumps(rq, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(rq);
  const char *request = core_arena_strdup(req->arena, rq_text);
  free(rq_text);
  struct core_outcome out;
  enum core_ec ec = core_part_archive_replay(key, request, req->arena, &out);
  if (ec != CORE_EC_OK)
    return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
  if (out.replayed)
    return answer(req, out.doc, true);
  const char *doc = NULL;
  ec = run(req, before, &doc);
  if (ec != CORE_EC_OK)
    return refuse(req, ec, before);
  /* The audit row rides with this record (the request's first write). */
  ec = core_part_archive_record(key, request, doc, req->arena, &out);
  if (ec != CORE_EC_OK)
    return web_floor_reply(req, ec, &out, MHD_HTTP_OK);
  return answer(req, out.doc, out.replayed);
}
