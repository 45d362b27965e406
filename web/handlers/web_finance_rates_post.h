#ifndef WEB_FINANCE_RATES_POST_H
#define WEB_FINANCE_RATES_POST_H
#include "web_request.h"

/* POST /api/v1/finance/rates {currency, date, rate}: company currency per unit
 * from date on. */
enum MHD_Result web_finance_rates_post(struct web_request *req);

#endif
