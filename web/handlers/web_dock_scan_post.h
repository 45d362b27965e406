#ifndef WEB_DOCK_SCAN_POST_H
#define WEB_DOCK_SCAN_POST_H
#include "web_request.h"

/* POST /api/v1/dock/scan: a carton's SSCC or tracking number ships it. */
enum MHD_Result web_dock_scan_post(struct web_request *req);

#endif
