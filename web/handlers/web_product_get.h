#ifndef WEB_PRODUCT_GET_H
#define WEB_PRODUCT_GET_H
#include "web_request.h"

/* GET /api/v1/products/{sku}: one product with its barcodes, or 404. */
enum MHD_Result web_product_get(struct web_request *req);

#endif
