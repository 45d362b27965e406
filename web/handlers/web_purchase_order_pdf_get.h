#ifndef WEB_PURCHASE_ORDER_PDF_GET_H
#define WEB_PURCHASE_ORDER_PDF_GET_H
#include "web_request.h"

/* GET /api/v1/purchase-orders/{id}/export.pdf: the PO to send or print (A4). */
enum MHD_Result web_purchase_order_pdf_get(struct web_request *req);

#endif
