#ifndef WEB_FINANCE_SETTINGS_PATCH_H
#define WEB_FINANCE_SETTINGS_PATCH_H
#include "web_request.h"

/* PATCH /api/v1/finance/settings {bill_price_tolerance_pct?,
 * bill_qty_tolerance?}: the three-way match tolerances of supplier bills
 * (read back in GET /api/v1/finance as bill_tolerance). */
enum MHD_Result web_finance_settings_patch(struct web_request *req);

#endif
