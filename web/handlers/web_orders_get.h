#ifndef WEB_ORDERS_GET_H
#define WEB_ORDERS_GET_H
#include "web_request.h"

/* GET /api/v1/orders?store=&external_id=&state=&from=&to=&warehouse=: newest
 * first, paged. */
enum MHD_Result web_orders_get(struct web_request *req);

#endif
