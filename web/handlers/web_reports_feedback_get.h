#ifndef WEB_REPORTS_FEEDBACK_GET_H
#define WEB_REPORTS_FEEDBACK_GET_H
#include "web_request.h"

/* GET /api/v1/reports/feedback?from=&to=&group=day|week|month
 * &by=kind|sku|store&store=&sku=&kind=&warehouse=&format=: tickets per
 * period and key, the rating trend and the share resolved within the SLA
 * (rpt_feedback). */
enum MHD_Result web_reports_feedback_get(struct web_request *req);

#endif
