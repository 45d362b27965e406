#ifndef WEB_OPENAPI_DOC_H
#define WEB_OPENAPI_DOC_H
/*
 * The OpenAPI 3.1 document of the API, generated at build time by
 * depot_openapi_gen (web/openapi/) from the route table, the handlers'
 * JSON input specs and the error registry, and compiled in as one
 * embedded file (served as the UI's files are: ETag, 304, revalidation).
 */
#include "web_ui_bundle.h"

/* The document, path "/api/v1/openapi.json" (static). */
extern const struct web_ui_bundle_file web_openapi_doc;

#endif
