#ifndef WEB_OWNER_STATEMENT_CSV_GET_H
#define WEB_OWNER_STATEMENT_CSV_GET_H
#include "web_request.h"

/* GET /api/v1/owners/{code}/statements/{id}/statement.csv?lang=: the
 * statement's lines as CSV (UTF-8 with a BOM). */
enum MHD_Result web_owner_statement_csv_get(struct web_request *req);

#endif
