#ifndef WEB_WAYBILL_ACCOUNTS_POST_H
#define WEB_WAYBILL_ACCOUNTS_POST_H
#include "web_request.h"

/*
 * POST /api/v1/stores/{store}/waybill-accounts: saves the store's
 * e-waybill account for one carrier {carrier, cp_code, template_url,
 * sender {name, mobile, phone, province, city, district, town, detail},
 * active}; saved again in place. Answers the store's accounts.
 */
enum MHD_Result web_waybill_accounts_post(struct web_request *req);

#endif
