#ifndef WEB_SHIPMENT_SLIP_REPRINT_POST_H
#define WEB_SHIPMENT_SLIP_REPRINT_POST_H
#include "web_request.h"

/*
 * POST /api/v1/shipments/{id}/slip/reprint: queues the shipment's packing
 * slip again for a station's printer (body: station, default the one it
 * was packed at; idempotency_key) -> the print job, 201 (200 for a key
 * seen before); not_found, unknown_station, no_printer.
 */
enum MHD_Result web_shipment_slip_reprint_post(struct web_request *req);

#endif
