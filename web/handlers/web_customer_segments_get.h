#ifndef WEB_CUSTOMER_SEGMENTS_GET_H
#define WEB_CUSTOMER_SEGMENTS_GET_H
#include "web_request.h"

/* GET /api/v1/customers/segments: RFM segments with counts. */
enum MHD_Result web_customer_segments_get(struct web_request *req);

#endif
