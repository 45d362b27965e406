#include "web_transfers_get.h"

#include "core_transfer.h"
#include "web_query.h"
#include "web_reply.h"

enum MHD_Result
web_transfers_get(struct web_request *req)
{
  const char *items;
  enum core_ec ec =
      core_transfer_list(web_query_text(req, "warehouse"),
                         web_query_text(req, "state"), req->arena, &items);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_page(req, items, NULL);
}
