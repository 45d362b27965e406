#ifndef WEB_SHIPMENT_GET_H
#define WEB_SHIPMENT_GET_H
#include "web_request.h"

/* GET /api/v1/shipments/{id}: a shipment with cartons, items and state. */
enum MHD_Result web_shipment_get(struct web_request *req);

#endif
