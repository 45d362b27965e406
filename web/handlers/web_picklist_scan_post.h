#ifndef WEB_PICKLIST_SCAN_POST_H
#define WEB_PICKLIST_SCAN_POST_H
#include "web_request.h"

/* POST /api/v1/picklists/{id}/scan: one bin, item or tote scan; answers what to
 * do next. */
enum MHD_Result web_picklist_scan_post(struct web_request *req);

#endif
