#ifndef WEB_CARRIERS_POST_H
#define WEB_CARRIERS_POST_H
#include "web_request.h"

/* POST /api/v1/carriers: creates (201) or updates (200) a carrier with its
 * tracking range and rates. */
enum MHD_Result web_carriers_post(struct web_request *req);

#endif
