#ifndef WEB_USER_PASSWORD_POST_H
#define WEB_USER_PASSWORD_POST_H
#include "web_request.h"

/*
 * POST /api/v1/users/{name}/password (admins): resets the password, or
 * with "kind":"pin" the badge PIN. {"password": "…"} (or {"pin": "…"})
 * sets it; without one a password (or 6-digit PIN) is generated and
 * returned once in the reply. The user's sessions end and its login
 * throttle is lifted. 200 {username, kind, generated?, sessions_ended}.
 */
enum MHD_Result web_user_password_post(struct web_request *req);

#endif
