#ifndef WEB_RESERVATION_CONSUME_POST_H
#define WEB_RESERVATION_CONSUME_POST_H
#include "web_request.h"

/* POST /api/v1/stock/reservations/{id}/consume: the reserved units leave the
 * warehouse. */
enum MHD_Result web_reservation_consume_post(struct web_request *req);

#endif
