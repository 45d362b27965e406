#ifndef WEB_SUPPLIER_BILLS_POST_H
#define WEB_SUPPLIER_BILLS_POST_H
#include "web_request.h"

/* POST /api/v1/supplier-bills: enters a supplier bill, three-way matched
 * against its PO lines and receipts; 201 matched or on_hold (with each
 * line's differences), 409 bill_duplicate for a supplier's number seen
 * before. Idempotent by idempotency_key. */
enum MHD_Result web_supplier_bills_post(struct web_request *req);

#endif
