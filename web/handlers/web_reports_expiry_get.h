#ifndef WEB_REPORTS_EXPIRY_GET_H
#define WEB_REPORTS_EXPIRY_GET_H
#include "web_request.h"

/*
 * GET /api/v1/reports/expiry?warehouse=&sku=&category=&days=90&format=
 * &lang=&limit=: lots on hand expiring within `days` days or expired,
 * soonest first, with the days left and the bins holding them.
 */
enum MHD_Result web_reports_expiry_get(struct web_request *req);

#endif
