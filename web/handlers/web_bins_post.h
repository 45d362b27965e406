#ifndef WEB_BINS_POST_H
#define WEB_BINS_POST_H
#include "web_request.h"

/* POST /api/v1/warehouses/{wh}/bins: creates one bin; 201 with it. */
enum MHD_Result web_bins_post(struct web_request *req);

#endif
