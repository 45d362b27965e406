#ifndef WEB_INVOICE_CREDIT_NOTES_POST_H
#define WEB_INVOICE_CREDIT_NOTES_POST_H
#include "web_request.h"

/* POST /api/v1/invoices/{id}/credit-notes: issues a credit note (红字发票)
 * against the invoice, for lines [{sku, qty}], for a refund of its order,
 * or for all that is left; 201 the credit note, 409
 * credit_exceeds_invoiced with what is left. Idempotent by
 * idempotency_key. */
enum MHD_Result web_invoice_credit_notes_post(struct web_request *req);

#endif
