#include "web_stores_get.h"

#include "core_store.h"
#include "web_reply.h"
#include "web_scope.h"

enum MHD_Result
web_stores_get(struct web_request *req)
{
  const char *items;
  enum core_ec ec = core_store_list(web_scope_allowed(req), req->arena, &items);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_page(req, items, NULL);
}
