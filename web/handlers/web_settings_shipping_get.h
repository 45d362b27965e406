#ifndef WEB_SETTINGS_SHIPPING_GET_H
#define WEB_SETTINGS_SHIPPING_GET_H
#include "web_request.h"

/*
 * GET /api/v1/settings/shipping: the GS1 company prefix and extension
 * digit of SSCCs, and each warehouse's weight-check tolerance.
 */
enum MHD_Result web_settings_shipping_get(struct web_request *req);

#endif
