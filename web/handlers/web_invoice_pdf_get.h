#ifndef WEB_INVOICE_PDF_GET_H
#define WEB_INVOICE_PDF_GET_H
#include "web_request.h"

/* GET /api/v1/invoices/{id}/invoice.pdf?lang=zh-CN|en: the invoice or
 * credit note (红字发票, amounts negative) as an A4 PDF in that language
 * (zh-CN by default). */
enum MHD_Result web_invoice_pdf_get(struct web_request *req);

#endif
