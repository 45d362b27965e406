#ifndef WEB_OWNER_STATEMENTS_GET_H
#define WEB_OWNER_STATEMENTS_GET_H
#include "web_request.h"

/* GET /api/v1/owners/{code}/statements: the owner's statements, newest
 * first, in pages. */
enum MHD_Result web_owner_statements_get(struct web_request *req);

#endif
