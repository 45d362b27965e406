#ifndef WEB_PRODUCT_PATCH_H
#define WEB_PRODUCT_PATCH_H
#include "web_request.h"

/*
 * PATCH /api/v1/products/{sku}: changes fields, adds and removes barcodes
 * and sets reorder planning per warehouse, in one transaction.
 */
enum MHD_Result web_product_patch(struct web_request *req);

#endif
