#ifndef WEB_OPENAPI_GET_H
#define WEB_OPENAPI_GET_H
#include "web_request.h"

/*
 * GET /api/v1/openapi.json: the OpenAPI 3.1 document of this build's API
 * (web_openapi_doc.h), public like any API reference, with a strong ETag
 * (304 on If-None-Match) and no-cache: a new build is seen at once.
 */
enum MHD_Result web_openapi_get(struct web_request *req);

#endif
