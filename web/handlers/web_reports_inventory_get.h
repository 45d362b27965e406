#ifndef WEB_REPORTS_INVENTORY_GET_H
#define WEB_REPORTS_INVENTORY_GET_H
#include "web_request.h"

/*
 * GET /api/v1/reports/inventory?at=&warehouse=&sku=&category=
 * &by=sku|category|warehouse&format=&lang=&limit=: units on hand and their
 * value at the end of day `at` (default today), each move valued at the
 * cost that applied when it was made.
 */
enum MHD_Result web_reports_inventory_get(struct web_request *req);

#endif
