#ifndef WEB_SUPPLIER_PERFORMANCE_GET_H
#define WEB_SUPPLIER_PERFORMANCE_GET_H
#include "web_request.h"

/* GET /api/v1/suppliers/{code}/performance?from=&to=: on-time, fill, lead time,
 * discrepancies, value. */
enum MHD_Result web_supplier_performance_get(struct web_request *req);

#endif
