#ifndef WEB_SUPPLIER_BILL_GET_H
#define WEB_SUPPLIER_BILL_GET_H
#include "web_request.h"

/* GET /api/v1/supplier-bills/{id}: the bill, its lines with the three-way
 * match differences, its payments and open balance. */
enum MHD_Result web_supplier_bill_get(struct web_request *req);

#endif
