#ifndef WEB_FINANCE_RECEIVABLES_AGING_GET_H
#define WEB_FINANCE_RECEIVABLES_AGING_GET_H
#include "web_request.h"

/* GET /api/v1/finance/receivables-aging?store=&at=&format=: what orders
 * still owe on 1122 per store and currency, in 0-30, 31-60, 61-90 and over
 * 90 days since they shipped (应收账龄); CSV/XLSX with format. */
enum MHD_Result web_finance_receivables_aging_get(struct web_request *req);

#endif
