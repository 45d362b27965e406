#ifndef WEB_REPORTS_SALES_GET_H
#define WEB_REPORTS_SALES_GET_H
#include "web_request.h"

/*
 * GET /api/v1/reports/sales?from=&to=&group=day|week|month&by=store|channel
 * |sku|category|warehouse&store=&sku=&category=&warehouse=&format=&lang=
 * &limit=: per period (the day units shipped), key and currency: orders,
 * units, revenue, discounts, shipping charged, returns, net revenue, cost
 * of goods at the moving average when they shipped, gross margin and its
 * percent (sql/procs/rpt_sales.sql).
 */
enum MHD_Result web_reports_sales_get(struct web_request *req);

#endif
