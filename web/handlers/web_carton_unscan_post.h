#ifndef WEB_CARTON_UNSCAN_POST_H
#define WEB_CARTON_UNSCAN_POST_H
#include "web_request.h"

/*
 * POST /api/v1/cartons/{id}/unscan: takes units of one item back out of
 * an open carton (body: code, qty in packs, idempotency_key), so that the
 * packer moves them into another carton of the shipment. Replies with the
 * shipment; wrong_item, out_of_range, carton_closed.
 */
enum MHD_Result web_carton_unscan_post(struct web_request *req);

#endif
