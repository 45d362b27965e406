#ifndef WEB_READYZ_GET_H
#define WEB_READYZ_GET_H
#include "web_request.h"

/* GET /readyz: 200 when the database answers, else 503 database_unavailable. */
enum MHD_Result web_readyz_get(struct web_request *req);

#endif
