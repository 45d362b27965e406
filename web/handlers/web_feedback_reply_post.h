#ifndef WEB_FEEDBACK_REPLY_POST_H
#define WEB_FEEDBACK_REPLY_POST_H
#include "web_request.h"

/* POST /api/v1/feedback/{id}/reply: a reply or an internal note. */
enum MHD_Result web_feedback_reply_post(struct web_request *req);

#endif
