#ifndef WEB_TOTES_POST_H
#define WEB_TOTES_POST_H
#include "web_request.h"

/* POST /api/v1/warehouses/{wh}/totes: creates a numbered range of totes. */
enum MHD_Result web_totes_post(struct web_request *req);

#endif
