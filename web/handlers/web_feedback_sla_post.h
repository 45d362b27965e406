#ifndef WEB_FEEDBACK_SLA_POST_H
#define WEB_FEEDBACK_SLA_POST_H
#include "web_request.h"

/* POST /api/v1/feedback/sla: hours by severity, per store or default. */
enum MHD_Result web_feedback_sla_post(struct web_request *req);

#endif
