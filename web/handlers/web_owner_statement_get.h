#ifndef WEB_OWNER_STATEMENT_GET_H
#define WEB_OWNER_STATEMENT_GET_H
#include "web_request.h"

/* GET /api/v1/owners/{code}/statements/{id}: an issued statement with its
 * lines and the facts each charges for. */
enum MHD_Result web_owner_statement_get(struct web_request *req);

#endif
