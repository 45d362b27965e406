#include "web_query.h"

#include "core_arena.h"
#include "web_reply.h"

#include <string.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

const char *
web_query_text(struct web_request *req, const char *name)
{
  const char *v =
      MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
  return v != NULL && v[0] != '\0' ? v : NULL;
}

bool
web_query_int_or_reply(struct web_request *req, const char *name, int64_t lo,
                       int64_t hi, int64_t *out, enum MHD_Result *ret)
{
  const char *v = web_query_text(req, name);
  if (v == NULL)
    return true;
  char *end;
  errno = 0;
  long long x = strtoll(v, &end, 10);
  if (errno != 0 || *end != '\0' || x < lo || x > hi) {
    *ret = web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, name,
                           "%s must be an integer in %lld..%lld, got \"%.40s\"",
                           name, (long long)lo, (long long)hi, v);
    return false;
  }
  *out = x;
  return true;
}

bool
web_query_page_or_reply(struct web_request *req, struct web_page *page,
                        enum MHD_Result *ret)
{
  page->limit = 50;
  page->offset = 0;
  return web_query_int_or_reply(req, "limit", 1, 500, &page->limit, ret) &&
         web_query_int_or_reply(req, "offset", 0, INT64_C(1000000000),
                                &page->offset, ret);
}

/* Decodes the hex of a cursor; NULL if it is not even-length hex. */
static const char *
unhex(struct core_arena *arena, const char *hex)
{
  size_t n = strlen(hex);
  if (n % 2 != 0 || n > 512)
    return NULL;
  char *out = core_arena_alloc(arena, n / 2 + 1);
  for (size_t i = 0; i < n / 2; i++) {
    unsigned v;
    if (sscanf(hex + 2 * i, "%2x", &v) != 1 || v == 0)
      return NULL;
    out[i] = (char)v;
  }
  return out;
}

bool
web_query_cursor_or_reply(struct web_request *req, struct web_cursor *cur,
                          enum MHD_Result *ret)
{
  cur->limit = 50;
  cur->after = NULL;
  if (!web_query_int_or_reply(req, "limit", 1, 1000, &cur->limit, ret))
    return false;
  const char *c = web_query_text(req, "cursor");
  if (c == NULL)
    return true;
  cur->after = unhex(req->arena, c);
  if (cur->after == NULL) {
    *ret = web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, "cursor",
                           "cursor must be a value returned as \"next\"");
    return false;
  }
  return true;
}

bool
web_query_bool_or_reply(struct web_request *req, const char *name, int *out,
                        enum MHD_Result *ret)
{
  const char *v = web_query_text(req, name);
  if (v == NULL)
    return true;
  if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0) {
    *out = 1;
    return true;
  }
  if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0) {
    *out = 0;
    return true;
  }
  *ret = web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, name,
                         "%s must be true or false, got \"%.40s\"", name, v);
  return false;
}
