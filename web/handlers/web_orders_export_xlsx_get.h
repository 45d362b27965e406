#ifndef WEB_ORDERS_EXPORT_XLSX_GET_H
#define WEB_ORDERS_EXPORT_XLSX_GET_H
#include "web_request.h"

/*
 * GET /api/v1/orders/export.xlsx?<the filters of GET /api/v1/orders>: the
 * same rows as export.csv in an Excel workbook written by libxlsxwriter in
 * constant-memory mode (rows go to disk as they are read) into an unlinked
 * temporary file, which is then sent.
 */
enum MHD_Result web_orders_export_xlsx_get(struct web_request *req);

#endif
