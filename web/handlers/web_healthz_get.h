#ifndef WEB_HEALTHZ_GET_H
#define WEB_HEALTHZ_GET_H
#include "web_request.h"

/* GET /healthz: 200 while the process serves, whatever the database does. */
enum MHD_Result web_healthz_get(struct web_request *req);

#endif
