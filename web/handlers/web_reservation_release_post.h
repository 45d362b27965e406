#ifndef WEB_RESERVATION_RELEASE_POST_H
#define WEB_RESERVATION_RELEASE_POST_H
#include "web_request.h"

/* POST /api/v1/stock/reservations/{id}/release: gives the units back. */
enum MHD_Result web_reservation_release_post(struct web_request *req);

#endif
