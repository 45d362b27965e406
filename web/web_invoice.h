#ifndef WEB_INVOICE_H
#define WEB_INVOICE_H
/*
 * Shared by the invoice handlers (web/handlers/web_invoice*,
 * web_order_invoices_post, web_finance_tax_*): the run of an invoice
 * procedure (core_invoice.h) with its reply.
 */
#include "web_request.h"

#include <jansson.h>

/*
 * Runs invoice operation @a op (core_invoice_run) with @a arg and request
 * @a doc (taken: freed here) as the caller; replies with @a created for a
 * first result and 200 for a replay.
 */
enum MHD_Result web_invoice_run(struct web_request *req, const char *op,
                                const char *arg, json_t *doc, unsigned created);

#endif
