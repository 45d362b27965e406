#ifndef WEB_STOCK_EXPORT_GET_H
#define WEB_STOCK_EXPORT_GET_H
#include "web_request.h"

/*
 * GET /api/v1/stock/export?format=csv|xlsx&warehouse=&sku=&bin=&lot=&lang=: the
 * stock list per bin, SKU and lot (on hand, reserved, available; no costs) as a
 * file, streamed through the reports' writer; format=json (the default) answers
 * the first rows as the reports do.
 * @a req (in): the request; queues exactly one response.
 */
enum MHD_Result web_stock_export_get(struct web_request *req);

#endif
