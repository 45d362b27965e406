#ifndef WEB_AUTH_LOGOUT_POST_H
#define WEB_AUTH_LOGOUT_POST_H
#include "web_request.h"

/*
 * POST /api/v1/auth/logout: ends the caller's session server-side and
 * clears the cookie; 204. An API key has no session: 204 as well.
 */
enum MHD_Result web_auth_logout_post(struct web_request *req);

#endif
