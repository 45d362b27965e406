#include "web_customers_get.h"

#include "core_customer.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_scope.h"

#include <string.h>

/* Whether @a s (may be NULL) names an RFM segment (crm_segments.sql). */
static bool
segment_ok(const char *s)
{
  static const char *const names[] = {"champions",   "loyal", "at_risk",
                                      "hibernating", "new",   "others"};
  if (s == NULL)
    return true;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (strcmp(s, names[i]) == 0)
      return true;
  }
  return false;
}

enum MHD_Result
web_customers_get(struct web_request *req)
{
  struct web_cursor cur;
  enum MHD_Result ret;
  if (!web_query_cursor_or_reply(req, &cur, &ret))
    return ret;
  struct core_customer_filter f = {.q = web_query_text(req, "q"),
                                   .tag = web_query_text(req, "tag"),
                                   .segment = web_query_text(req, "segment"),
                                   .store = web_query_text(req, "store")};
  if (!segment_ok(f.segment))
    return web_reply_error(
        req, CORE_EC_BAD_QUERY_PARAM, "segment",
        "segment is not one of: champions, loyal, at_risk, hibernating, new,"
        " others");
  const char *items, *next;
  enum core_ec ec =
      core_customer_list(&f, cur.after, cur.limit, web_scope_allowed(req),
                         req->arena, &items, &next);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_page(req, items, next);
}
