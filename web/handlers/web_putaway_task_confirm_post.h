#ifndef WEB_PUTAWAY_TASK_CONFIRM_POST_H
#define WEB_PUTAWAY_TASK_CONFIRM_POST_H
#include "web_request.h"

/* POST /api/v1/putaway-tasks/{id}/confirm: put units away into the scanned bin.
 */
enum MHD_Result web_putaway_task_confirm_post(struct web_request *req);

#endif
