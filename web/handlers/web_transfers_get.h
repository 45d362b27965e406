#ifndef WEB_TRANSFERS_GET_H
#define WEB_TRANSFERS_GET_H
#include "web_request.h"

/* GET /api/v1/stock/transfers?warehouse=&state=: transfers, newest first. */
enum MHD_Result web_transfers_get(struct web_request *req);

#endif
