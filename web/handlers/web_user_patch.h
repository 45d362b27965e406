#ifndef WEB_USER_PATCH_H
#define WEB_USER_PATCH_H
#include "web_request.h"

/*
 * PATCH /api/v1/users/{name} (admins): {role?, warehouses? (codes; []
 * for all), active?}. Disabling ends the user's sessions. An admin cannot
 * disable themselves or take away their own admin role (409
 * user_self_lockout). Replies with the user as GET /api/v1/users lists it
 * and sessions_ended.
 */
enum MHD_Result web_user_patch(struct web_request *req);

#endif
