#ifndef WEB_AUTH_LOGIN_POST_H
#define WEB_AUTH_LOGIN_POST_H
#include "web_request.h"

/*
 * POST /api/v1/auth/login {"username","password"}: a session token, its
 * CSRF token and the user, plus the session cookie.
 */
enum MHD_Result web_auth_login_post(struct web_request *req);

#endif
