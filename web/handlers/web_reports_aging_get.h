#ifndef WEB_REPORTS_AGING_GET_H
#define WEB_REPORTS_AGING_GET_H
#include "web_request.h"

/*
 * GET /api/v1/reports/aging?warehouse=&sku=&category=&buckets=30,60,90,180
 * &days=30&format=&lang=&limit=: per warehouse and SKU, units on hand by
 * age (since each layer was received) in the buckets, value, last shipped,
 * units shipped in the last `days` days, days of cover and whether it is a
 * slow mover (no sale in `days` days).
 */
enum MHD_Result web_reports_aging_get(struct web_request *req);

#endif
