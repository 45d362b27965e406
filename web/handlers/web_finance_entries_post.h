#ifndef WEB_FINANCE_ENTRIES_POST_H
#define WEB_FINANCE_ENTRIES_POST_H
#include "web_request.h"

/* POST /api/v1/finance/entries {date?, summary, currency?, lines: [{account,
 * debit?, credit?, warehouse?, sku?}]}: a manual (correction) entry, balanced,
 * in an open month. */
enum MHD_Result web_finance_entries_post(struct web_request *req);

#endif
