#ifndef WEB_ORDERS_EXPORT_CSV_GET_H
#define WEB_ORDERS_EXPORT_CSV_GET_H
#include "web_request.h"

/*
 * GET /api/v1/orders/export.csv?<the filters of GET /api/v1/orders>: one
 * row per order, UTF-8 with a byte-order mark, fields that a spreadsheet
 * would run as a formula prefixed with ', streamed page by page.
 */
enum MHD_Result web_orders_export_csv_get(struct web_request *req);

#endif
