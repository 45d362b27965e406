#ifndef WEB_STOCK_LOW_GET_H
#define WEB_STOCK_LOW_GET_H
#include "web_request.h"

/*
 * GET /api/v1/stock/low?warehouse=: SKUs whose available + in-transit
 * stock is below their reorder point, largest shortfall first.
 */
enum MHD_Result web_stock_low_get(struct web_request *req);

#endif
