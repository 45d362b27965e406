#ifndef WEB_COUNTS_GET_H
#define WEB_COUNTS_GET_H
#include "web_request.h"

/* GET /api/v1/warehouses/{wh}/counts: the warehouse's counts, newest first. */
enum MHD_Result web_counts_get(struct web_request *req);

#endif
