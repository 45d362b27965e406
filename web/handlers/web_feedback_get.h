#ifndef WEB_FEEDBACK_GET_H
#define WEB_FEEDBACK_GET_H
#include "web_request.h"

/* GET /api/v1/feedback/{id}: a ticket with replies and state changes. */
enum MHD_Result web_feedback_get(struct web_request *req);

#endif
