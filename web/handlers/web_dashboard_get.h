#ifndef WEB_DASHBOARD_GET_H
#define WEB_DASHBOARD_GET_H
#include "web_request.h"

/*
 * GET /api/v1/dashboard?warehouse=: orders by state (each count is what
 * GET /api/v1/orders?state= lists), the total and today's orders.
 */
enum MHD_Result web_dashboard_get(struct web_request *req);

#endif
