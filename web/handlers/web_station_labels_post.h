#ifndef WEB_STATION_LABELS_POST_H
#define WEB_STATION_LABELS_POST_H
#include "web_request.h"

/*
 * POST /api/v1/stations/{code}/labels: {kind: "bin"|"sku", labels:
 * [{code, caption?}] (1 to 500), copies? (1-99), idempotency_key?} →
 * 201 the print job that sends their ZPL (4 x 2 in) to the station's
 * printer through the print queue; 200 when the key was seen. Refusals:
 * invalid_value (a code no label can carry), unknown_station, no_printer.
 */
enum MHD_Result web_station_labels_post(struct web_request *req);

#endif
