#ifndef WEB_CARRIERS_GET_H
#define WEB_CARRIERS_GET_H
#include "web_request.h"

/* GET /api/v1/carriers: every carrier with its range and rates. */
enum MHD_Result web_carriers_get(struct web_request *req);

#endif
