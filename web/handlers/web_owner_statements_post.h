#ifndef WEB_OWNER_STATEMENTS_POST_H
#define WEB_OWNER_STATEMENTS_POST_H
#include "web_request.h"

/* POST /api/v1/owners/{code}/statements: computes and issues the
 * owner's statement of a month that has ended. */
enum MHD_Result web_owner_statements_post(struct web_request *req);

#endif
