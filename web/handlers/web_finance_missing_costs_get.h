#ifndef WEB_FINANCE_MISSING_COSTS_GET_H
#define WEB_FINANCE_MISSING_COSTS_GET_H
#include "web_request.h"

/* GET /api/v1/finance/missing-costs: stock postings valued at 0 for want of any
 * cost. */
enum MHD_Result web_finance_missing_costs_get(struct web_request *req);

#endif
