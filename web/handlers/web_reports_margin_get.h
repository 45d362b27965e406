#ifndef WEB_REPORTS_MARGIN_GET_H
#define WEB_REPORTS_MARGIN_GET_H
#include "web_request.h"

/*
 * GET /api/v1/reports/margin?from=&to=&group=day|week|month
 * &by=store|channel&store=&warehouse=&format=&lang=&limit= (finance.read):
 * per period, store or channel and currency the revenue and discounts net
 * of VAT, shipping charged, refunds, cost of goods, cost of units returned
 * to stock, platform fees, carrier and packaging cost, and the margin
 * (rpt_margin, sql/procs/rpt_margin.sql).
 */
enum MHD_Result web_reports_margin_get(struct web_request *req);

#endif
