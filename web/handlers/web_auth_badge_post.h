#ifndef WEB_AUTH_BADGE_POST_H
#define WEB_AUTH_BADGE_POST_H
#include "web_request.h"

/*
 * POST /api/v1/auth/badge {"badge","pin"}: the fast floor login of a
 * scanned badge plus a short PIN; replies as POST /api/v1/auth/login.
 */
enum MHD_Result web_auth_badge_post(struct web_request *req);

#endif
