#ifndef WEB_PRODUCTS_POST_H
#define WEB_PRODUCTS_POST_H
#include "web_request.h"

/*
 * POST /api/v1/products: creates a SKU with its barcodes (GTINs checked);
 * 201 with the product, 409 already_exists / barcode_taken.
 */
enum MHD_Result web_products_post(struct web_request *req);

#endif
