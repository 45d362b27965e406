#ifndef WEB_UI_ROOT_GET_H
#define WEB_UI_ROOT_GET_H
#include "web_request.h"

/*
 * GET /: 302 to the surface for the caller's role (a picker to the floor
 * terminal /floor/, everyone else to the back office /app/), or to /login
 * without a valid session.
 */
enum MHD_Result web_ui_root_get(struct web_request *req);

#endif
