#include "web_query.h"

#include "web_reply.h"

#include <errno.h>
#include <stdlib.h>

const char *
web_query_text(struct web_request *req, const char *name)
{
  const char *v =
      MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
  return v != NULL && v[0] != '\0' ? v : NULL;
}

/* Parses ?@a name= as an integer in [lo, hi]; false (replied) if bad. */
static bool
int_or_reply(struct web_request *req, const char *name, int64_t lo, int64_t hi,
             int64_t *out, enum MHD_Result *ret)
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
  return int_or_reply(req, "limit", 1, 500, &page->limit, ret) &&
         int_or_reply(req, "offset", 0, INT64_C(1000000000), &page->offset,
                      ret);
}
