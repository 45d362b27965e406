#ifndef WEB_REPORTS_INVENTORY_GET_H
#define WEB_REPORTS_INVENTORY_GET_H
#include "web_request.h"

/*
 * GET /api/v1/reports/inventory?at=&warehouse=&sku=&category=&owner=
 * &by=sku|category|warehouse|bin|owner&format=&lang=&limit=: units on hand
 * and their value at the end of day `at` (default today), each move valued
 * at the cost that applied when it was made; by=bin: per bin (and tote) and
 * SKU, at the warehouse's cost of the SKU that day; by=owner: per warehouse
 * and stock owner (3PL client) of the SKUs.
 */
enum MHD_Result web_reports_inventory_get(struct web_request *req);

#endif
