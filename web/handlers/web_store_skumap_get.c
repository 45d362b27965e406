#include "web_store_skumap_get.h"

#include "core_skumap.h"
#include "web_query.h"
#include "web_reply.h"

enum MHD_Result
web_store_skumap_get(struct web_request *req)
{
  struct web_cursor cur;
  enum MHD_Result ret;
  if (!web_query_cursor_or_reply(req, &cur, &ret))
    return ret;
  const char *items, *next;
  enum core_ec ec =
      core_skumap_list(req->params[0], web_query_text(req, "q"), cur.after,
                       cur.limit, req->arena, &items, &next);
  if (ec == CORE_EC_UNKNOWN_STORE)
    return web_reply_error(req, ec, NULL, "no store %.64s", req->params[0]);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_page(req, items, next);
}
