#ifndef WEB_AUTH_ME_GET_H
#define WEB_AUTH_ME_GET_H
#include "web_request.h"

/*
 * GET /api/v1/auth/me: who the caller is: {"user":{username, role,
 * warehouses}} or {"api_key":{name, scopes}}.
 */
enum MHD_Result web_auth_me_get(struct web_request *req);

#endif
