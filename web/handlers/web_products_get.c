#include "web_products_get.h"

#include "core_catalog.h"
#include "web_owner.h"
#include "web_query.h"
#include "web_reply.h"

enum MHD_Result
web_products_get(struct web_request *req)
{
  struct web_cursor cur;
  enum MHD_Result ret;
  const char *owner;
  if (!web_query_cursor_or_reply(req, &cur, &ret) ||
      !web_owner_filter_or_reply(req, web_query_text(req, "owner"), &owner,
                                 &ret))
    return ret;
  const char *items, *next;
  enum core_ec ec = core_catalog_list(
      web_query_text(req, "q"), web_query_text(req, "category"), owner,
      cur.after, cur.limit, req->arena, &items, &next);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec,
                           ec == CORE_EC_UNKNOWN_OWNER ? "owner" : NULL, NULL);
  return web_reply_page(req, items, next);
}
