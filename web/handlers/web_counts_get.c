#include "web_counts_get.h"

#include "web_auth.h"
#include "web_reply.h"
#include "wms_count.h"

enum MHD_Result
web_counts_get(struct web_request *req)
{
  /* A counter sees what to count, never what the system expects: the
   * quantities are for whoever may act on the variances. */
  bool blind = !web_auth_allows(req, "stock.adjust");
  const char *items;
  enum core_ec ec = wms_count_list(req->params[0], blind, req->arena, &items);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_page(req, items, NULL);
}
