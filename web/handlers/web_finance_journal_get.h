#ifndef WEB_FINANCE_JOURNAL_GET_H
#define WEB_FINANCE_JOURNAL_GET_H
#include "web_request.h"

/* GET /api/v1/finance/journal?from=&to=&account=&after=&format=: journal lines
 * in the 用友/金蝶 import layout, in id order; a page ends with truncated, and
 * the next starts after its last line_id. */
enum MHD_Result web_finance_journal_get(struct web_request *req);

#endif
