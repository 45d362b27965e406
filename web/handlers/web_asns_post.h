#ifndef WEB_ASNS_POST_H
#define WEB_ASNS_POST_H
#include "web_request.h"

/* POST /api/v1/asns: an advance shipping notice for a PO (a supplier key: its
 * own POs). */
enum MHD_Result web_asns_post(struct web_request *req);

#endif
