#ifndef WEB_SUPPLIER_BILL_APPROVE_POST_H
#define WEB_SUPPLIER_BILL_APPROVE_POST_H
#include "web_request.h"

/* POST /api/v1/supplier-bills/{id}/approve {override?, reason?}: approves
 * the bill and posts it (Dr 2202 the receipts' accrual, Dr 1404 the
 * variance and freight, Dr 2221 input VAT, Cr 2202 the total); a held bill
 * needs override true and a reason (409 bill_on_hold without). */
enum MHD_Result web_supplier_bill_approve_post(struct web_request *req);

#endif
