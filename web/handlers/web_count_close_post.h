#ifndef WEB_COUNT_CLOSE_POST_H
#define WEB_COUNT_CLOSE_POST_H
#include "web_request.h"

/* POST /api/v1/counts/{id}/close: ends the count. */
enum MHD_Result web_count_close_post(struct web_request *req);

#endif
