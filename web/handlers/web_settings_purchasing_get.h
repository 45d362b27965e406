#ifndef WEB_SETTINGS_PURCHASING_GET_H
#define WEB_SETTINGS_PURCHASING_GET_H
#include "web_request.h"

/* GET /api/v1/settings/purchasing: {admin_approval_above, over_receipt_pct}. */
enum MHD_Result web_settings_purchasing_get(struct web_request *req);

#endif
