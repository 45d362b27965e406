#ifndef WEB_FINANCE_PAYABLES_AGING_GET_H
#define WEB_FINANCE_PAYABLES_AGING_GET_H
#include "web_request.h"

/* GET /api/v1/finance/payables-aging?at=&supplier=&format=: what approved
 * bills still owe per supplier and currency, in 0-30, 31-60, 61-90 and
 * over 90 days since the bill date (应付账龄); CSV/XLSX with format. */
enum MHD_Result web_finance_payables_aging_get(struct web_request *req);

#endif
