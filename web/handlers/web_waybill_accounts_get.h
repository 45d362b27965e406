#ifndef WEB_WAYBILL_ACCOUNTS_GET_H
#define WEB_WAYBILL_ACCOUNTS_GET_H
#include "web_request.h"

/*
 * GET /api/v1/stores/{store}/waybill-accounts: the store's e-waybill
 * accounts (电子面单), one per carrier: the service's carrier code, the
 * template, the sender, waybills issued and cancel problems.
 */
enum MHD_Result web_waybill_accounts_get(struct web_request *req);

#endif
