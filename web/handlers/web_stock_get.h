#ifndef WEB_STOCK_GET_H
#define WEB_STOCK_GET_H
#include "web_request.h"

/* GET /api/v1/stock?sku=&warehouse=&bin=&lot=&detail=bins: quantities per SKU
 * and warehouse. */
enum MHD_Result web_stock_get(struct web_request *req);

#endif
