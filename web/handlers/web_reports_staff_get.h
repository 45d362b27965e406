#ifndef WEB_REPORTS_STAFF_GET_H
#define WEB_REPORTS_STAFF_GET_H
#include "web_request.h"

/*
 * GET /api/v1/reports/staff?from=&to=&warehouse=&user=&format=&lang=
 * &limit=: per user and day, pick lines and units, putaways, receipt
 * lines, replenishments, moves, active hours (gaps over 5 minutes are
 * breaks), pick lines per active hour, wrong scans, short picks, cartons
 * packed, weight mismatches, count lines and count accuracy. Leads and
 * admins only.
 */
enum MHD_Result web_reports_staff_get(struct web_request *req);

#endif
