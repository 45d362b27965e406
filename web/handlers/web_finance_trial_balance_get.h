#ifndef WEB_FINANCE_TRIAL_BALANCE_GET_H
#define WEB_FINANCE_TRIAL_BALANCE_GET_H
#include "web_request.h"

/* GET /api/v1/finance/trial-balance?at=&account=&warehouse=&format=: per
 * account the debits, credits and balance at the end of day at, and the total
 * (balance 0). */
enum MHD_Result web_finance_trial_balance_get(struct web_request *req);

#endif
