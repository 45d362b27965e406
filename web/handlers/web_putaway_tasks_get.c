#include "web_putaway_tasks_get.h"

#include "web_query.h"
#include "web_reply.h"
#include "web_scope.h"
#include "wms_putaway_task.h"

enum MHD_Result
web_putaway_tasks_get(struct web_request *req)
{
  const char *wh = web_query_text(req, "warehouse");
  enum MHD_Result ret;
  if (!web_scope_warehouse_or_reply(req, &wh, "warehouse", &ret))
    return ret;
  const char *items;
  enum core_ec ec = wms_putaway_task_list(wh, req->arena, &items);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_page(req, items, NULL);
}
