#ifndef WEB_SHIPMENT_SLIP_GET_H
#define WEB_SHIPMENT_SLIP_GET_H
#include "web_request.h"

/* GET /api/v1/shipments/{id}/packing-slip.zpl: the packing slip, to reprint. */
enum MHD_Result web_shipment_slip_get(struct web_request *req);

#endif
