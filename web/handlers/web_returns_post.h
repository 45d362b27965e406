#ifndef WEB_RETURNS_POST_H
#define WEB_RETURNS_POST_H
#include "web_request.h"

/* POST /api/v1/returns: authorises a return of a shipped order. */
enum MHD_Result web_returns_post(struct web_request *req);

#endif
