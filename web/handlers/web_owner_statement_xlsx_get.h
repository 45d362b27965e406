#ifndef WEB_OWNER_STATEMENT_XLSX_GET_H
#define WEB_OWNER_STATEMENT_XLSX_GET_H
#include "web_request.h"

/* GET /api/v1/owners/{code}/statements/{id}/statement.xlsx?lang=: the
 * statement's lines as an XLSX workbook. */
enum MHD_Result web_owner_statement_xlsx_get(struct web_request *req);

#endif
