#ifndef WEB_DEVICES_GET_H
#define WEB_DEVICES_GET_H
#include "web_request.h"

/* GET /api/v1/devices?station=: the registered scanners. */
enum MHD_Result web_devices_get(struct web_request *req);

#endif
