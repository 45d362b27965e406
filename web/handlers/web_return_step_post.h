#ifndef WEB_RETURN_STEP_POST_H
#define WEB_RETURN_STEP_POST_H
#include "web_request.h"

/* POST /api/v1/returns/{id}/authorize|reject|close: a step of the RMA's life.
 */
enum MHD_Result web_return_step_post(struct web_request *req);

#endif
