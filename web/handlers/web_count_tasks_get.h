#ifndef WEB_COUNT_TASKS_GET_H
#define WEB_COUNT_TASKS_GET_H
#include "web_request.h"

/* GET /api/v1/counts/{id}/tasks: the counter's blind view: bins left to count.
 */
enum MHD_Result web_count_tasks_get(struct web_request *req);

#endif
