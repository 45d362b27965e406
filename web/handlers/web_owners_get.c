#include "web_owners_get.h"

#include "core_owner.h"
#include "web_owner.h"
#include "web_query.h"
#include "web_reply.h"

enum MHD_Result
web_owners_get(struct web_request *req)
{
  struct web_cursor cur;
  enum MHD_Result ret;
  if (!web_query_cursor_or_reply(req, &cur, &ret))
    return ret;
  const char *items, *next;
  enum core_ec ec =
      core_owner_list(web_query_text(req, "q"), cur.after, cur.limit,
                      web_owner_only_id(req), req->arena, &items, &next);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_page(req, items, next);
}
