#ifndef WEB_SHIPMENT_DELIVERED_POST_H
#define WEB_SHIPMENT_DELIVERED_POST_H
#include "web_request.h"

/* POST /api/v1/shipments/{id}/delivered: marks a shipped shipment delivered. */
enum MHD_Result web_shipment_delivered_post(struct web_request *req);

#endif
