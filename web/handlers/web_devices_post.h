#ifndef WEB_DEVICES_POST_H
#define WEB_DEVICES_POST_H
#include "web_request.h"

/* POST /api/v1/devices: registers (201) or updates (200) a scanner and its
 * station. */
enum MHD_Result web_devices_post(struct web_request *req);

#endif
