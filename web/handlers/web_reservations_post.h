#ifndef WEB_RESERVATIONS_POST_H
#define WEB_RESERVATIONS_POST_H
#include "web_request.h"

/* POST /api/v1/stock/reservations {warehouse,sku,qty,reference}: 201 with the
 * bins chosen, 409 insufficient_stock. */
enum MHD_Result web_reservations_post(struct web_request *req);

#endif
