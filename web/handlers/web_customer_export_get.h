#ifndef WEB_CUSTOMER_EXPORT_GET_H
#define WEB_CUSTOMER_EXPORT_GET_H
#include "web_request.h"

/* GET /api/v1/customers/{id}/export: everything held (admin, audited). */
enum MHD_Result web_customer_export_get(struct web_request *req);

#endif
