#ifndef WEB_REPORTS_FULFILMENT_GET_H
#define WEB_REPORTS_FULFILMENT_GET_H
#include "web_request.h"

/*
 * GET /api/v1/reports/fulfilment?from=&to=&by=store|carrier|warehouse
 * &store=&warehouse=&format=&lang=&limit=: orders shipped (first shipment)
 * in the period, share within the store's promise, hours to ship at p50
 * and p90, and by store the open backorders and the oldest one's age.
 */
enum MHD_Result web_reports_fulfilment_get(struct web_request *req);

#endif
