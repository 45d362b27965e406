#ifndef WEB_INVOICE_GET_H
#define WEB_INVOICE_GET_H
#include "web_request.h"

/* GET /api/v1/invoices/{id}: an invoice or credit note with its lines,
 * totals, credit notes and what is left to credit. */
enum MHD_Result web_invoice_get(struct web_request *req);

#endif
