#ifndef WEB_BINS_GENERATE_POST_H
#define WEB_BINS_GENERATE_POST_H
#include "web_request.h"

/* POST /api/v1/warehouses/{wh}/bins/generate: many bins from a pattern, in one
 * transaction (or a preview). */
enum MHD_Result web_bins_generate_post(struct web_request *req);

#endif
