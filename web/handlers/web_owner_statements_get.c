#include "web_owner_statements_get.h"

#include "core_billing.h"
#include "web_floor.h"
#include "web_query.h"
#include "web_reply.h"

#include <stdlib.h>

enum MHD_Result
web_owner_statements_get(struct web_request *req)
{
  struct web_cursor cur;
  enum MHD_Result ret;
  if (!web_query_cursor_or_reply(req, &cur, &ret))
    return ret;
  int64_t before = cur.after != NULL ? strtoll(cur.after, NULL, 10) : 0;
  const char *items;
  enum core_ec ec = core_billing_statements(req->params[0], before,
                                            cur.limit + 1, req->arena, &items);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_floor_reply_page(req, items, cur.limit);
}
