#ifndef WEB_CARTON_SCAN_POST_H
#define WEB_CARTON_SCAN_POST_H
#include "web_request.h"

/* POST /api/v1/cartons/{id}/scan: verifies one item into a carton. */
enum MHD_Result web_carton_scan_post(struct web_request *req);

#endif
