#ifndef WEB_SHIPMENT_CARTONS_POST_H
#define WEB_SHIPMENT_CARTONS_POST_H
#include "web_request.h"

/* POST /api/v1/shipments/{id}/cartons: opens a carton (with its SSCC). */
enum MHD_Result web_shipment_cartons_post(struct web_request *req);

#endif
