#ifndef WEB_REPORTS_PURCHASING_GET_H
#define WEB_REPORTS_PURCHASING_GET_H
#include "web_request.h"

/*
 * GET /api/v1/reports/purchasing?view=&from=&to=&group=&supplier=&sku=
 * &warehouse=&format=&lang=&limit=: one of four views (@a req in).
 * view=spend (the default): per period (month unless group says day or
 * week), supplier and PO currency, the receipt lines, units, spend at PO
 * cost and the price variance against the supplier's list cost.
 * view=variance: the same variance per supplier and SKU. view=open: the
 * open PO lines with their expected date and days late. view=ranking:
 * suppliers ranked on their performance measures over the lines expected
 * in the period. A supplier's key sees its own supplier only. 400
 * bad_query_param (field view) for another view.
 */
enum MHD_Result web_reports_purchasing_get(struct web_request *req);

#endif
