#ifndef WEB_FEEDBACK_PATCH_H
#define WEB_FEEDBACK_PATCH_H
#include "web_request.h"

/* PATCH /api/v1/feedback/{id}: state (by the rules), assignee, severity. */
enum MHD_Result web_feedback_patch(struct web_request *req);

#endif
