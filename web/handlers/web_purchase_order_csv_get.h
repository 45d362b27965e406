#ifndef WEB_PURCHASE_ORDER_CSV_GET_H
#define WEB_PURCHASE_ORDER_CSV_GET_H
#include "web_request.h"

/* GET /api/v1/purchase-orders/{id}/export.csv: the PO as CSV (UTF-8 with BOM,
 * for spreadsheets). */
enum MHD_Result web_purchase_order_csv_get(struct web_request *req);

#endif
