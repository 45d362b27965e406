#ifndef WEB_CUSTOMER_SEGMENTS_REFRESH_POST_H
#define WEB_CUSTOMER_SEGMENTS_REFRESH_POST_H
#include "web_request.h"

/* POST /api/v1/customers/segments/refresh: recompute RFM scores. */
enum MHD_Result web_customer_segments_refresh_post(struct web_request *req);

#endif
