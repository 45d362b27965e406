#include "web_audit_get.h"

#include "core_audit.h"
#include "core_utf8.h"
#include "web_query.h"
#include "web_reply.h"

#include <string.h>

/* ?@a name= as UTF-8 text into @a out; false (400 replied) if it is not. */
static bool
filter_or_reply(struct web_request *req, const char *name, const char **out,
                enum MHD_Result *ret)
{
  const char *v = web_query_text(req, name);
  if (v != NULL && (strlen(v) > 2048 || !core_utf8_valid(v, strlen(v)))) {
    *ret = web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, name,
                           "%s is not UTF-8 text of at most 2048 bytes", name);
    return false;
  }
  *out = v;
  return true;
}

static json_t *
render(const struct core_audit_row *r)
{
  return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s}",
                   "id", (json_int_t)r->id, "at", r->at, "request_id",
                   r->request_id, "principal_kind", r->principal_kind,
                   "principal", r->principal, "role", r->role, "method",
                   r->method, "route", r->route, "target", r->target, "status",
                   (int)r->status, "outcome", r->outcome);
}

enum MHD_Result
web_audit_get(struct web_request *req)
{
  struct web_page page;
  struct core_audit_filter f = {0};
  enum MHD_Result ret;
  if (!web_query_page_or_reply(req, &page, &ret) ||
      !filter_or_reply(req, "principal", &f.principal, &ret) ||
      !filter_or_reply(req, "route", &f.route, &ret) ||
      !filter_or_reply(req, "outcome", &f.outcome, &ret) ||
      !filter_or_reply(req, "method", &f.method, &ret))
    return ret;
  f.limit = page.limit;
  f.offset = page.offset;
  struct core_audit_row *rows;
  unsigned n;
  int64_t total;
  enum core_ec ec = core_audit_list(&f, req->arena, &rows, &n, &total);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  json_t *items = json_array();
  for (unsigned i = 0; i < n; i++)
    json_array_append_new(items, render(&rows[i]));
  return web_reply_pack(req, MHD_HTTP_OK, "{s:o, s:I, s:I, s:I}", "items",
                        items, "total", (json_int_t)total, "limit",
                        (json_int_t)page.limit, "offset",
                        (json_int_t)page.offset);
}
