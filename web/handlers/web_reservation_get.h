#ifndef WEB_RESERVATION_GET_H
#define WEB_RESERVATION_GET_H
#include "web_request.h"

/* GET /api/v1/stock/reservations/{id}: one reservation with its lines. */
enum MHD_Result web_reservation_get(struct web_request *req);

#endif
