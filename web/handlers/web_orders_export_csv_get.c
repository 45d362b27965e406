#include "web_orders_export_csv_get.h"

#include "core_arena.h"
#include "core_csv.h"
#include "core_log.h"
#include "web_order_export.h"
#include "web_reply.h"

#include <stdlib.h>
#include <string.h>

/* The stream: the export and the rendered rows not yet sent. */
struct csv_stream {
  struct web_order_export *x;
  struct core_arena *arena; /* the current chunk; replaced per page */
  char *buf;
  size_t len, cap, off;
  bool header_sent, at_end;
};

/*
 * Renders the next page into @a s, whose rows were all sent (the first
 * time after the BOM and the header); false on a read error.
 */
static bool
fill(struct csv_stream *s)
{
  core_arena_free(s->arena);
  s->arena = core_arena_new();
  s->buf = NULL;
  s->len = s->cap = s->off = 0;
  if (!s->header_sent) {
    core_csv_bom(s->arena, &s->buf, &s->len, &s->cap);
    for (int i = 0; web_order_export_columns[i] != NULL; i++)
      core_csv_put(s->arena, &s->buf, &s->len, &s->cap,
                   web_order_export_columns[i],
                   web_order_export_columns[i + 1] == NULL);
    s->header_sent = true;
  }
  json_t *page;
  if (web_order_export_next(s->x, &page) != CORE_EC_OK)
    return false;
  size_t n;
  const json_t *o;
  json_array_foreach(page, n, o)
  {
    for (int i = 0; web_order_export_columns[i] != NULL; i++) {
      char num[32];
      bool is_num;
      const char *v = web_order_export_cell(o, i, num, sizeof num, &is_num);
      core_csv_put(s->arena, &s->buf, &s->len, &s->cap, v,
                   web_order_export_columns[i + 1] == NULL);
    }
  }
  s->at_end = json_array_size(page) == 0;
  json_decref(page);
  return true;
}

static ssize_t
reader(void *cls, uint64_t pos, char *out, size_t max)
{
  struct csv_stream *s = cls;
  (void)pos;
  while (s->off == s->len) {
    if (s->at_end)
      return MHD_CONTENT_READER_END_OF_STREAM;
    if (!fill(s)) {
      CORE_WARN("order export: a page could not be read; stream cut");
      return MHD_CONTENT_READER_END_WITH_ERROR;
    }
  }
  size_t n = s->len - s->off < max ? s->len - s->off : max;
  memcpy(out, s->buf + s->off, n);
  s->off += n;
  return (ssize_t)n;
}

static void
stream_free(void *cls)
{
  struct csv_stream *s = cls;
  web_order_export_free(s->x);
  core_arena_free(s->arena);
  free(s);
}

enum MHD_Result
web_orders_export_csv_get(struct web_request *req)
{
  struct web_order_export *x;
  enum MHD_Result ret;
  if (!web_order_export_begin_or_reply(req, &x, &ret))
    return ret;
  /* The first page is read now, so a bad filter is a 400, not a cut file. */
  struct csv_stream *s = calloc(1, sizeof *s);
  if (s == NULL) {
    web_order_export_free(x);
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  }
  s->x = x;
  if (!fill(s)) {
    stream_free(s);
    return web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, NULL,
                           "from and to must be ISO 8601 times");
  }
  struct MHD_Response *resp = MHD_create_response_from_callback(
      MHD_SIZE_UNKNOWN, 64 * 1024, reader, s, stream_free);
  if (resp == NULL) {
    stream_free(s);
    return MHD_NO;
  }
  CORE_BREAK(MHD_add_response_header(resp, "Content-Disposition",
                                     "attachment; filename=\"orders.csv\"") ==
             MHD_YES);
  return web_reply_stream(req, resp, "text/csv; charset=utf-8");
}
