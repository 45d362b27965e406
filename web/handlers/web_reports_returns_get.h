#ifndef WEB_REPORTS_RETURNS_GET_H
#define WEB_REPORTS_RETURNS_GET_H
#include "web_request.h"

/*
 * GET /api/v1/reports/returns?from=&to=&group=day|week|month&by=sku|store
 * &store=&sku=&category=&warehouse=&format=&lang=&limit=: units sold and
 * returned, return rate and refunds per period, key and currency, from the
 * returns the after-sales module records (rpt_sale_returned); no rows
 * until it records any.
 */
enum MHD_Result web_reports_returns_get(struct web_request *req);

#endif
