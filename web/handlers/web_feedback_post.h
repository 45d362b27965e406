#ifndef WEB_FEEDBACK_POST_H
#define WEB_FEEDBACK_POST_H
#include "web_request.h"

/* POST /api/v1/feedback: a new feedback or complaint ticket. */
enum MHD_Result web_feedback_post(struct web_request *req);

#endif
