#ifndef WEB_EXCEPTION_RESOLVE_POST_H
#define WEB_EXCEPTION_RESOLVE_POST_H
#include "web_request.h"

/* POST /api/v1/exceptions/{id}/resolve: runs one of the exception's actions. */
enum MHD_Result web_exception_resolve_post(struct web_request *req);

#endif
