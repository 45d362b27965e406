#ifndef WEB_HOLIDAYS_GET_H
#define WEB_HOLIDAYS_GET_H
#include "web_request.h"

/* GET /api/v1/holidays?year=: the holidays. */
enum MHD_Result web_holidays_get(struct web_request *req);

#endif
