#ifndef WEB_COUNTS_POST_H
#define WEB_COUNTS_POST_H
#include "web_request.h"

/* POST /api/v1/warehouses/{wh}/counts {bins|zone, threshold, note}: opens a
 * cycle count. */
enum MHD_Result web_counts_post(struct web_request *req);

#endif
