#ifndef WEB_OWNER_STATEMENT_PDF_GET_H
#define WEB_OWNER_STATEMENT_PDF_GET_H
#include "web_request.h"

/* GET /api/v1/owners/{code}/statements/{id}/statement.pdf?lang=: the
 * statement as an A4 PDF (zh-CN or en). */
enum MHD_Result web_owner_statement_pdf_get(struct web_request *req);

#endif
