#ifndef WEB_COUNT_LINE_APPROVE_POST_H
#define WEB_COUNT_LINE_APPROVE_POST_H
#include "web_request.h"

/* POST /api/v1/counts/{id}/lines/{line}/approve: posts a waiting variance. */
enum MHD_Result web_count_line_approve_post(struct web_request *req);

#endif
