#ifndef WEB_CUSTOMERS_GET_H
#define WEB_CUSTOMERS_GET_H
#include "web_request.h"

/* GET /api/v1/customers?q=&limit=&cursor=: customers by name, email, phone. */
enum MHD_Result web_customers_get(struct web_request *req);

#endif
