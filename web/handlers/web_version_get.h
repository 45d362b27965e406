#ifndef WEB_VERSION_GET_H
#define WEB_VERSION_GET_H
#include "web_request.h"

/* GET /api/v1/version: the build's version and git revision. */
enum MHD_Result web_version_get(struct web_request *req);

#endif
