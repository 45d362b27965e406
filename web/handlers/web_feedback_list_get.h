#ifndef WEB_FEEDBACK_LIST_GET_H
#define WEB_FEEDBACK_LIST_GET_H
#include "web_request.h"

/* GET /api/v1/feedback: tickets by state, kind, sku, store, assignee, overdue.
 */
enum MHD_Result web_feedback_list_get(struct web_request *req);

#endif
