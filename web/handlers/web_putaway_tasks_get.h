#ifndef WEB_PUTAWAY_TASKS_GET_H
#define WEB_PUTAWAY_TASKS_GET_H
#include "web_request.h"

/* GET /api/v1/putaway-tasks?warehouse=: open putaway tasks with suggested bins.
 */
enum MHD_Result web_putaway_tasks_get(struct web_request *req);

#endif
