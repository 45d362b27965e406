#ifndef WEB_WAVES_GET_H
#define WEB_WAVES_GET_H
#include "web_request.h"

/* GET /api/v1/waves?warehouse=&state=: waves newest first, keyset-paged. */
enum MHD_Result web_waves_get(struct web_request *req);

#endif
