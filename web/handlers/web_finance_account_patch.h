#ifndef WEB_FINANCE_ACCOUNT_PATCH_H
#define WEB_FINANCE_ACCOUNT_PATCH_H
#include "web_request.h"

/* PATCH /api/v1/finance/accounts/{code} {name_zh, name_en, kind?, active?}:
 * renames an account of the chart or adds one (kind needed). */
enum MHD_Result web_finance_account_patch(struct web_request *req);

#endif
