#ifndef WEB_PURCHASE_ORDERS_EXPORT_GET_H
#define WEB_PURCHASE_ORDERS_EXPORT_GET_H
#include "web_request.h"

/*
 * GET
 * /api/v1/purchase-orders/export?format=csv|xlsx&supplier=&state=&warehouse=&lang=:
 * the purchase order list, one row per PO (supplier, warehouse, state,
 * currency, total, units ordered and received, dates) as a file, streamed
 * through the reports' writer; a supplier's key gets its own POs only.
 * @a req (in): the request; queues exactly one response.
 */
enum MHD_Result web_purchase_orders_export_get(struct web_request *req);

#endif
