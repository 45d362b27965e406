#ifndef WEB_FINANCE_PERIOD_CLOSE_POST_H
#define WEB_FINANCE_PERIOD_CLOSE_POST_H
#include "web_request.h"

/* POST /api/v1/finance/periods/{YYYY-MM}/close: closes an ended month to
 * postings. */
enum MHD_Result web_finance_period_close_post(struct web_request *req);

#endif
