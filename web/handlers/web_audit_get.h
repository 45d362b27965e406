#ifndef WEB_AUDIT_GET_H
#define WEB_AUDIT_GET_H
#include "web_request.h"

/*
 * GET /api/v1/audit?principal=&route=&outcome=&method=&limit=&offset=:
 * audit rows, newest first, for admins.
 */
enum MHD_Result web_audit_get(struct web_request *req);

#endif
