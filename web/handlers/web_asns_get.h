#ifndef WEB_ASNS_GET_H
#define WEB_ASNS_GET_H
#include "web_request.h"

/*
 * GET /api/v1/asns: a page of advance shipping notices, newest first,
 * each with its cartons and lines (purchase_order, q, warehouse). A 3PL
 * client sees its own owner's only, a supplier key its own POs', a
 * warehouse-limited user its warehouses'.
 */
enum MHD_Result web_asns_get(struct web_request *req);

#endif
