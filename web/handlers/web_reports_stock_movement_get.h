#ifndef WEB_REPORTS_STOCK_MOVEMENT_GET_H
#define WEB_REPORTS_STOCK_MOVEMENT_GET_H
#include "web_request.h"

/*
 * GET /api/v1/reports/stock-movement?from=&to=&warehouse=&sku=&category=
 * &group=day|month&format=json|csv|xlsx&lang=&limit=: 进销存 per warehouse,
 * SKU and period: opening, received, returned, shipped, adjusted,
 * transferred in and out, scrapped, returned to suppliers and closing, in
 * units and value (sql/procs/rpt_stock.sql). from defaults to 29 days
 * before today, to to today.
 */
enum MHD_Result web_reports_stock_movement_get(struct web_request *req);

#endif
