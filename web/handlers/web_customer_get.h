#ifndef WEB_CUSTOMER_GET_H
#define WEB_CUSTOMER_GET_H
#include "web_request.h"

/* GET /api/v1/customers/{id}: the customer and its orders, newest first. */
enum MHD_Result web_customer_get(struct web_request *req);

#endif
