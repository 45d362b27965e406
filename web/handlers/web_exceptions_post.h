#ifndef WEB_EXCEPTIONS_POST_H
#define WEB_EXCEPTIONS_POST_H
#include "web_request.h"

/* POST /api/v1/exceptions: the floor reports damaged units. */
enum MHD_Result web_exceptions_post(struct web_request *req);

#endif
