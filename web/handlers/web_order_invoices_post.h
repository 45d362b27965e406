#ifndef WEB_ORDER_INVOICES_POST_H
#define WEB_ORDER_INVOICES_POST_H
#include "web_request.h"

/* POST /api/v1/orders/{id}/invoices: issues the order's sales invoice
 * (type normal 普通 or special 专用, the buyer's title and taxpayer id),
 * numbered per store and year; 201 the invoice, 409 invoice_exists when
 * the order has a live one. Idempotent by idempotency_key. */
enum MHD_Result web_order_invoices_post(struct web_request *req);

#endif
