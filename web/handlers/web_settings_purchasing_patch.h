#ifndef WEB_SETTINGS_PURCHASING_PATCH_H
#define WEB_SETTINGS_PURCHASING_PATCH_H
#include "web_request.h"

/*
 * PATCH /api/v1/settings/purchasing {"admin_approval_above": "50000.00" or
 * null (no limit), "over_receipt_pct": "5"}: admins only; answers the new
 * settings.
 */
enum MHD_Result web_settings_purchasing_patch(struct web_request *req);

#endif
