#ifndef WEB_FINANCE_GET_H
#define WEB_FINANCE_GET_H
#include "web_request.h"

/* GET /api/v1/finance: the chart of accounts, the closed periods and the latest
 * rates (finance screens). */
enum MHD_Result web_finance_get(struct web_request *req);

#endif
