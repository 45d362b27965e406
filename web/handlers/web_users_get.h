#ifndef WEB_USERS_GET_H
#define WEB_USERS_GET_H
#include "web_request.h"

/* GET /api/v1/users: every account (never a hash), for admins. */
enum MHD_Result web_users_get(struct web_request *req);

#endif
