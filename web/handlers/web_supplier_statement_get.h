#ifndef WEB_SUPPLIER_STATEMENT_GET_H
#define WEB_SUPPLIER_STATEMENT_GET_H
#include "web_request.h"

/* GET /api/v1/suppliers/{code}/statement?from=&to=&format=: the supplier's
 * statement (对账单): opening balance, bills and payments with the running
 * balance per currency; CSV/XLSX with format. */
enum MHD_Result web_supplier_statement_get(struct web_request *req);

#endif
