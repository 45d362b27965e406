#ifndef WEB_EXCEPTIONS_GET_H
#define WEB_EXCEPTIONS_GET_H
#include "web_request.h"

/*
 * GET /api/v1/exceptions?warehouse=&state=&kind=&min_age_hours=: the
 * lead's exceptions desk, newest first, keyset pages.
 */
enum MHD_Result web_exceptions_get(struct web_request *req);

#endif
