#ifndef WEB_SHIPMENT_SHIP_POST_H
#define WEB_SHIPMENT_SHIP_POST_H
#include "web_request.h"

/* POST /api/v1/shipments/{id}/ship: ship confirmation; stock leaves for the
 * customer. */
enum MHD_Result web_shipment_ship_post(struct web_request *req);

#endif
