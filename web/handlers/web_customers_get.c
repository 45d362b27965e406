#include "web_customers_get.h"

#include "core_customer.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_scope.h"

enum MHD_Result
web_customers_get(struct web_request *req)
{
  struct web_cursor cur;
  enum MHD_Result ret;
  if (!web_query_cursor_or_reply(req, &cur, &ret))
    return ret;
  const char *items, *next;
  enum core_ec ec =
      core_customer_list(web_query_text(req, "q"), cur.after, cur.limit,
                         web_scope_allowed(req), req->arena, &items, &next);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_page(req, items, next);
}
