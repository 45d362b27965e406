#ifndef WEB_SETTINGS_SHIPPING_PATCH_H
#define WEB_SETTINGS_SHIPPING_PATCH_H
#include "web_request.h"

/*
 * PATCH /api/v1/settings/shipping (admins): {company_prefix? (7-10
 * digits), extension? (one digit), warehouses?: [{code,
 * weight_tolerance_pct? (0-100), weight_tolerance_g? (0-100000)}]}; each
 * warehouse must be one the caller may work in. Answers as the GET.
 */
enum MHD_Result web_settings_shipping_patch(struct web_request *req);

#endif
