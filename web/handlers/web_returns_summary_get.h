#ifndef WEB_RETURNS_SUMMARY_GET_H
#define WEB_RETURNS_SUMMARY_GET_H
#include "web_request.h"

/* GET /api/v1/returns/summary?warehouse=: the open returns by state and
 * the oldest one's age, for the dashboard's returns card. */
enum MHD_Result web_returns_summary_get(struct web_request *req);

#endif
