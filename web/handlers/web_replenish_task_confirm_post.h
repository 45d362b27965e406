#ifndef WEB_REPLENISH_TASK_CONFIRM_POST_H
#define WEB_REPLENISH_TASK_CONFIRM_POST_H
#include "web_request.h"

/* POST /api/v1/replenishment-tasks/{id}/confirm {qty,idempotency_key}: the
 * refill was moved. */
enum MHD_Result web_replenish_task_confirm_post(struct web_request *req);

#endif
