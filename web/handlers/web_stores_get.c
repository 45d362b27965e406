#include "web_stores_get.h"

#include "core_store.h"
#include "web_owner.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_scope.h"

enum MHD_Result
web_stores_get(struct web_request *req)
{
  const char *owner;
  enum MHD_Result ret;
  if (!web_owner_filter_or_reply(req, web_query_text(req, "owner"), &owner,
                                 &ret))
    return ret;
  const char *items;
  enum core_ec ec =
      core_store_list(web_scope_allowed(req), owner, req->arena, &items);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec,
                           ec == CORE_EC_UNKNOWN_OWNER ? "owner" : NULL, NULL);
  return web_reply_page(req, items, NULL);
}
