#ifndef WEB_USERS_POST_H
#define WEB_USERS_POST_H
#include "web_request.h"

/*
 * POST /api/v1/users {"username","role","password","warehouses":[..],
 * "badge","pin"}: creates an account; 201 with the user (no secrets).
 */
enum MHD_Result web_users_post(struct web_request *req);

#endif
