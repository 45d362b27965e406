#ifndef WEB_CARTON_REPRINT_POST_H
#define WEB_CARTON_REPRINT_POST_H
#include "web_request.h"

/*
 * POST /api/v1/cartons/{id}/reprint {"idempotency_key", "station"}: queues
 * the closed carton's label again for its station's printer (or the named
 * station's): 201 with the print job, 200 with the same job for a key
 * seen before.
 */
enum MHD_Result web_carton_reprint_post(struct web_request *req);

#endif
