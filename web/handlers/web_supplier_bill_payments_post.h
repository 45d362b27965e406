#ifndef WEB_SUPPLIER_BILL_PAYMENTS_POST_H
#define WEB_SUPPLIER_BILL_PAYMENTS_POST_H
#include "web_request.h"

/* POST /api/v1/supplier-bills/{id}/payments {amount, date?, method?,
 * reference?, idempotency_key?}: pays part or all of an approved bill and
 * posts Dr 2202, Cr 1002 (6603 the exchange difference); 409
 * bill_not_approved, 422 bill_overpaid beyond the open balance. */
enum MHD_Result web_supplier_bill_payments_post(struct web_request *req);

#endif
