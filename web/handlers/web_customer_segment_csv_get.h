#ifndef WEB_CUSTOMER_SEGMENT_CSV_GET_H
#define WEB_CUSTOMER_SEGMENT_CSV_GET_H
#include "web_request.h"

/* GET /api/v1/customers/segments/{segment}/export.csv (masked by role). */
enum MHD_Result web_customer_segment_csv_get(struct web_request *req);

#endif
