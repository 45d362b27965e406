#ifndef WEB_SUPPLIERS_GET_H
#define WEB_SUPPLIERS_GET_H
#include "web_request.h"

/* GET /api/v1/suppliers?q=: suppliers with their SKUs (a supplier key: its
 * own). */
enum MHD_Result web_suppliers_get(struct web_request *req);

#endif
