#ifndef WEB_REPLENISH_TASKS_GET_H
#define WEB_REPLENISH_TASKS_GET_H
#include "web_request.h"

/* GET /api/v1/warehouses/{wh}/replenishment-tasks: open tasks in walking order.
 */
enum MHD_Result web_replenish_tasks_get(struct web_request *req);

#endif
