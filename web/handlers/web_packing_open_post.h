#ifndef WEB_PACKING_OPEN_POST_H
#define WEB_PACKING_OPEN_POST_H
#include "web_request.h"

/* POST /api/v1/packing/open: scan a tote or order to open its shipment. */
enum MHD_Result web_packing_open_post(struct web_request *req);

#endif
