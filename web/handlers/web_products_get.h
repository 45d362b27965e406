#ifndef WEB_PRODUCTS_GET_H
#define WEB_PRODUCTS_GET_H
#include "web_request.h"

/*
 * GET /api/v1/products?q=&category=&limit=&cursor=: SKUs by code; q
 * matches SKU or name (contains) or a barcode (equals, GTINs any length).
 */
enum MHD_Result web_products_get(struct web_request *req);

#endif
