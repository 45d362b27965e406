#ifndef WEB_COUNT_GET_H
#define WEB_COUNT_GET_H
#include "web_request.h"

/* GET /api/v1/counts/{id}: the lead's view with expected figures and variances.
 */
enum MHD_Result web_count_get(struct web_request *req);

#endif
