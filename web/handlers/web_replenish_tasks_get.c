#include "web_replenish_tasks_get.h"

#include "web_reply.h"
#include "wms_replenish.h"

enum MHD_Result
web_replenish_tasks_get(struct web_request *req)
{
  const char *items;
  enum core_ec ec = wms_replenish_task_list(req->params[0], req->arena, &items);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_page(req, items, NULL);
}
